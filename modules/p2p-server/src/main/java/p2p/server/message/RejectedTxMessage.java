package p2p.server.message;

import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;

/**
 * The rejected-tx topic's message (spec section 3.7): JSON keys {@code TxID}, {@code Reason}, {@code PeerID}. The
 * topic is publish-only, as in Teranode; {@link #decode} serves tests and tools.
 *
 * @param txId   the rejected transaction, display hex
 * @param reason why the validator rejected it
 * @param peerId the announcing peer
 */
public record RejectedTxMessage(String txId, String reason, String peerId) {
    private static final GoStruct STRUCT = GoStruct.of("RejectedTxMessage", "TxID", GoStruct.Kind.STRING,
            "Reason", GoStruct.Kind.STRING, "PeerID", GoStruct.Kind.STRING);

    public RejectedTxMessage {
        Checks.text("TxID", txId);
        Checks.text("Reason", reason);
        Checks.text("PeerID", peerId);
    }

    public byte[] encode() {
        return JsonWriter.object().string("TxID", txId).string("Reason", reason).string("PeerID", peerId)
                .toBytes();
    }

    public static RejectedTxMessage decode(byte[] json) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decode(json);
        return new RejectedTxMessage(f.string("TxID"), f.string("Reason"), f.string("PeerID"));
    }
}
