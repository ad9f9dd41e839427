package p2p.chain;

/**
 * A block header with the metadata the blockchain service returns for it (GetBlockHeaderResponse): the header's
 * hash and previous hash come from the 80 header bytes.
 */
public record BlockHeaderInfo(byte[] header, long height, long txCount, long sizeInBytes, String miner) {

    public BlockHeaderInfo {
        if (header.length != 80) {
            throw new IllegalArgumentException("a block header has 80 bytes, got " + header.length);
        }
        header = header.clone();
        miner = miner == null ? "" : miner;
    }

    @Override
    public byte[] header() {
        return header.clone();
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
