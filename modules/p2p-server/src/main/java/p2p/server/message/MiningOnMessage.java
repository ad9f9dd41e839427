package p2p.server.message;

import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;

/**
 * The mining-on topic's message (spec section 3.6): a peer mines on top of a block. JSON keys {@code Hash},
 * {@code PreviousHash}, {@code DataHubURL}, {@code PeerID}, {@code Height} (uint32), {@code Miner},
 * {@code SizeInBytes} (uint64), {@code TxCount} (uint64), in that order; read with Go's tolerance
 * ({@link GoStruct}). Go never parses its hashes, so neither do we.
 *
 * @param hash         the block mined on, display hex
 * @param previousHash its parent, display hex
 * @param dataHubUrl   where the block can be fetched
 * @param peerId       the announcing peer, as claimed
 * @param height       the block's height
 * @param miner        the miner tag of the block
 * @param sizeInBytes  the block's size (unsigned 64 bits)
 * @param txCount      the block's transaction count (unsigned 64 bits)
 */
public record MiningOnMessage(String hash, String previousHash, String dataHubUrl, String peerId, long height,
                              String miner, long sizeInBytes, long txCount) {
    private static final GoStruct STRUCT = GoStruct.of("MiningOnMessage", "Hash", GoStruct.Kind.STRING,
            "PreviousHash", GoStruct.Kind.STRING, "DataHubURL", GoStruct.Kind.STRING, "PeerID", GoStruct.Kind.STRING,
            "Height", GoStruct.Kind.UINT32, "Miner", GoStruct.Kind.STRING, "SizeInBytes", GoStruct.Kind.UINT64,
            "TxCount", GoStruct.Kind.UINT64);

    public MiningOnMessage {
        Checks.text("Hash", hash);
        Checks.text("PreviousHash", previousHash);
        Checks.text("DataHubURL", dataHubUrl);
        Checks.text("PeerID", peerId);
        Checks.uint32("Height", height);
        Checks.text("Miner", miner);
    }

    public byte[] encode() {
        return JsonWriter.object().string("Hash", hash).string("PreviousHash", previousHash)
                .string("DataHubURL", dataHubUrl).string("PeerID", peerId).unsigned("Height", height)
                .string("Miner", miner).unsigned("SizeInBytes", sizeInBytes).unsigned("TxCount", txCount)
                .toBytes();
    }

    public static MiningOnMessage decode(byte[] json) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decode(json);
        return new MiningOnMessage(f.string("Hash"), f.string("PreviousHash"), f.string("DataHubURL"),
                f.string("PeerID"), f.uint32("Height"), f.string("Miner"), f.uint64("SizeInBytes"),
                f.uint64("TxCount"));
    }
}
