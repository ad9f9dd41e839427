package p2p.server.message;

import java.util.Set;
import p2p.server.json.JsonObjectWriter;
import p2p.server.json.MessageFields;

/**
 * The subtree topic's message (spec section 3): JSON keys {@code Hash}, {@code DataHubURL}, {@code PeerID}.
 *
 * @param hash       subtree hash, display hex (lower case)
 * @param dataHubUrl where the subtree can be fetched
 * @param peerId     the announcing peer
 */
public record SubtreeMessage(String hash, String dataHubUrl, String peerId) {
    private static final Set<String> KEYS = Set.of("Hash", "DataHubURL", "PeerID");

    public SubtreeMessage {
        Checks.hash("Hash", hash);
        Checks.text("DataHubURL", dataHubUrl);
        Checks.text("PeerID", peerId);
    }

    public byte[] encode() {
        return new JsonObjectWriter().string("Hash", hash).string("DataHubURL", dataHubUrl)
                .string("PeerID", peerId).toBytes();
    }

    public static SubtreeMessage decode(byte[] json) throws MalformedMessageException {
        MessageFields f = MessageFields.parse("subtree", json, KEYS);
        return new SubtreeMessage(f.hash("Hash"), f.string("DataHubURL"), f.peerId("PeerID"));
    }
}
