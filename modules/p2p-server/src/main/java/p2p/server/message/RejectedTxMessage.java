package p2p.server.message;

import java.util.Set;
import p2p.server.json.JsonObjectWriter;
import p2p.server.json.MessageFields;

/**
 * The rejected-tx topic's message (spec section 3): JSON keys {@code TxID}, {@code Reason}, {@code PeerID}.
 *
 * @param txId   the rejected transaction, display hex
 * @param reason why the validator rejected it
 * @param peerId the announcing peer
 */
public record RejectedTxMessage(String txId, String reason, String peerId) {
    private static final Set<String> KEYS = Set.of("TxID", "Reason", "PeerID");

    public RejectedTxMessage {
        Checks.hash("TxID", txId);
        Checks.text("Reason", reason);
        Checks.text("PeerID", peerId);
    }

    public byte[] encode() {
        return new JsonObjectWriter().string("TxID", txId).string("Reason", reason).string("PeerID", peerId)
                .toBytes();
    }

    public static RejectedTxMessage decode(byte[] json) throws MalformedMessageException {
        MessageFields f = MessageFields.parse("rejected-tx", json, KEYS);
        return new RejectedTxMessage(f.hash("TxID"), f.string("Reason"), f.peerId("PeerID"));
    }
}
