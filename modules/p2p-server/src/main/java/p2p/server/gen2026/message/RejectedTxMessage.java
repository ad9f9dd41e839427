package p2p.server.gen2026.message;

import java.util.Objects;
import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;
import p2p.server.message.MalformedMessageException;

/**
 * The 2026 rejected-tx topic's payload (spec teranode-2026 1.4): keys {@code PeerID}, {@code ClientName},
 * {@code TxID}, {@code Reason}, in Go's field order; read with Go's tolerance ({@link GoStruct}). Received ones are
 * informational only, as in Teranode.
 */
public record RejectedTxMessage(String peerId, String clientName, String txId, String reason) {
    private static final GoStruct STRUCT = GoStruct.of("RejectedTxMessage", "PeerID", GoStruct.Kind.STRING,
            "ClientName", GoStruct.Kind.STRING, "TxID", GoStruct.Kind.STRING, "Reason", GoStruct.Kind.STRING);

    public RejectedTxMessage {
        Objects.requireNonNull(peerId, "PeerID");
        Objects.requireNonNull(clientName, "ClientName");
        Objects.requireNonNull(txId, "TxID");
        Objects.requireNonNull(reason, "Reason");
    }

    public byte[] encode() {
        return JsonWriter.object().string("PeerID", peerId).string("ClientName", clientName)
                .string("TxID", txId).string("Reason", reason).toBytes();
    }

    public static RejectedTxMessage decode(byte[] json) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decode(json);
        return new RejectedTxMessage(f.string("PeerID"), f.string("ClientName"), f.string("TxID"),
                f.string("Reason"));
    }
}
