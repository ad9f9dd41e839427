package p2p.server.message;

import java.util.Set;
import p2p.server.json.JsonObjectWriter;
import p2p.server.json.MessageFields;

/**
 * The mining-on topic's message (spec section 3): a peer mines on top of a block. JSON keys {@code Hash},
 * {@code PreviousHash}, {@code DataHubURL}, {@code PeerID}, {@code Height} (uint32), {@code Miner},
 * {@code SizeInBytes} (uint64), {@code TxCount} (uint64), in that order.
 *
 * @param hash         the block mined on, display hex
 * @param previousHash its parent, display hex
 * @param dataHubUrl   where the block can be fetched
 * @param peerId       the announcing peer
 * @param height       the block's height
 * @param miner        the miner tag of the block
 * @param sizeInBytes  the block's size (unsigned 64 bits)
 * @param txCount      the block's transaction count (unsigned 64 bits)
 */
public record MiningOnMessage(String hash, String previousHash, String dataHubUrl, String peerId, long height,
                              String miner, long sizeInBytes, long txCount) {
    private static final Set<String> KEYS = Set.of("Hash", "PreviousHash", "DataHubURL", "PeerID", "Height",
            "Miner", "SizeInBytes", "TxCount");

    public MiningOnMessage {
        Checks.hash("Hash", hash);
        Checks.hash("PreviousHash", previousHash);
        Checks.text("DataHubURL", dataHubUrl);
        Checks.text("PeerID", peerId);
        Checks.uint32("Height", height);
        Checks.text("Miner", miner);
    }

    public byte[] encode() {
        return new JsonObjectWriter().string("Hash", hash).string("PreviousHash", previousHash)
                .string("DataHubURL", dataHubUrl).string("PeerID", peerId).unsigned("Height", height)
                .string("Miner", miner).unsigned("SizeInBytes", sizeInBytes).unsigned("TxCount", txCount)
                .toBytes();
    }

    public static MiningOnMessage decode(byte[] json) throws MalformedMessageException {
        MessageFields f = MessageFields.parse("mining-on", json, KEYS);
        return new MiningOnMessage(f.hash("Hash"), f.hash("PreviousHash"), f.string("DataHubURL"),
                f.peerId("PeerID"), f.uint32("Height"), f.string("Miner"), f.uint64("SizeInBytes"),
                f.uint64("TxCount"));
    }
}
