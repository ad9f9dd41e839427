package p2p.server.gen2026.message;

import java.util.Objects;
import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;
import p2p.server.message.MalformedMessageException;

/**
 * The 2026 subtree topic's payload (spec teranode-2026 1.4): keys {@code PeerID}, {@code ClientName},
 * {@code DataHubURL}, {@code Hash}, in Go's field order; read with Go's tolerance ({@link GoStruct}).
 */
public record SubtreeMessage(String peerId, String clientName, String dataHubUrl, String hash) {
    private static final GoStruct STRUCT = GoStruct.of("SubtreeMessage", "PeerID", GoStruct.Kind.STRING,
            "ClientName", GoStruct.Kind.STRING, "DataHubURL", GoStruct.Kind.STRING, "Hash", GoStruct.Kind.STRING);

    public SubtreeMessage {
        Objects.requireNonNull(peerId, "PeerID");
        Objects.requireNonNull(clientName, "ClientName");
        Objects.requireNonNull(dataHubUrl, "DataHubURL");
        Objects.requireNonNull(hash, "Hash");
    }

    public byte[] encode() {
        return JsonWriter.object().string("PeerID", peerId).string("ClientName", clientName)
                .string("DataHubURL", dataHubUrl).string("Hash", hash).toBytes();
    }

    public static SubtreeMessage decode(byte[] json) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decode(json);
        return new SubtreeMessage(f.string("PeerID"), f.string("ClientName"), f.string("DataHubURL"),
                f.string("Hash"));
    }
}
