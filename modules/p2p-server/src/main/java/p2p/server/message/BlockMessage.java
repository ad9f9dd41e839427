package p2p.server.message;

import java.util.Set;
import p2p.server.json.JsonObjectWriter;
import p2p.server.json.MessageFields;

/**
 * The block topic's message (spec section 3): a peer has a new block. JSON keys {@code Hash}, {@code Height}
 * (uint32), {@code DataHubURL}, {@code PeerID}, capitalised as Go writes a struct without tags.
 *
 * @param hash       block hash, display hex (lower case)
 * @param height     block height
 * @param dataHubUrl where the block can be fetched
 * @param peerId     the announcing peer
 */
public record BlockMessage(String hash, long height, String dataHubUrl, String peerId) {
    private static final Set<String> KEYS = Set.of("Hash", "Height", "DataHubURL", "PeerID");

    public BlockMessage {
        Checks.hash("Hash", hash);
        Checks.uint32("Height", height);
        Checks.text("DataHubURL", dataHubUrl);
        Checks.text("PeerID", peerId);
    }

    public byte[] encode() {
        return new JsonObjectWriter().string("Hash", hash).unsigned("Height", height)
                .string("DataHubURL", dataHubUrl).string("PeerID", peerId).toBytes();
    }

    public static BlockMessage decode(byte[] json) throws MalformedMessageException {
        MessageFields f = MessageFields.parse("block", json, KEYS);
        return new BlockMessage(f.hash("Hash"), f.uint32("Height"), f.string("DataHubURL"), f.peerId("PeerID"));
    }
}
