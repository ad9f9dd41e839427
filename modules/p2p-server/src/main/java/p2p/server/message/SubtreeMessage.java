package p2p.server.message;

import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;

/**
 * The subtree topic's message (spec section 3.5): JSON keys {@code Hash}, {@code DataHubURL}, {@code PeerID}; read
 * with Go's tolerance ({@link GoStruct}).
 *
 * @param hash       subtree hash, display hex, as written (the handler parses it)
 * @param dataHubUrl where the subtree can be fetched
 * @param peerId     the announcing peer, as claimed
 */
public record SubtreeMessage(String hash, String dataHubUrl, String peerId) {
    private static final GoStruct STRUCT = GoStruct.of("SubtreeMessage", "Hash", GoStruct.Kind.STRING,
            "DataHubURL", GoStruct.Kind.STRING, "PeerID", GoStruct.Kind.STRING);

    public SubtreeMessage {
        Checks.text("Hash", hash);
        Checks.text("DataHubURL", dataHubUrl);
        Checks.text("PeerID", peerId);
    }

    public byte[] encode() {
        return JsonWriter.object().string("Hash", hash).string("DataHubURL", dataHubUrl)
                .string("PeerID", peerId).toBytes();
    }

    public static SubtreeMessage decode(byte[] json) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decode(json);
        return new SubtreeMessage(f.string("Hash"), f.string("DataHubURL"), f.string("PeerID"));
    }
}
