package p2p.chain;

/**
 * A block header with the metadata the blockchain service returns for it (GetBlockHeaderResponse): the header's
 * hash and previous hash come from the 80 header bytes.
 *
 * @param chainWork the chain's total work up to this block as the service gives it ({@code chain_work}, big
 *                  endian); empty when the service did not say
 */
public record BlockHeaderInfo(byte[] header, long height, long txCount, long sizeInBytes, String miner,
                              byte[] chainWork) {

    public BlockHeaderInfo {
        if (header.length != 80) {
            throw new IllegalArgumentException("a block header has 80 bytes, got " + header.length);
        }
        header = header.clone();
        miner = miner == null ? "" : miner;
        chainWork = chainWork == null ? new byte[0] : chainWork.clone();
    }

    /** A header whose chain work is unknown. */
    public BlockHeaderInfo(byte[] header, long height, long txCount, long sizeInBytes, String miner) {
        this(header, height, txCount, sizeInBytes, miner, new byte[0]);
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    @Override
    public byte[] chainWork() {
        return chainWork.clone();
    }

    public BlockHash hash() {
        return BlockHash.ofHeader(header);
    }

    /** Bytes 4..36 of the header: the previous block's hash in internal order. */
    public BlockHash previousHash() {
        byte[] previous = new byte[BlockHash.SIZE];
        System.arraycopy(header, 4, previous, 0, BlockHash.SIZE);
        return BlockHash.fromBytes(previous);
    }
}
