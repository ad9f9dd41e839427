package p2p.server.message;

import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;

/**
 * The handshake topic's message, also sent alone on the direct stream (spec sections 2.7 and 3.3). Unlike the other
 * messages the Go struct has JSON tags: keys {@code type}, {@code peerID}, {@code bestHeight} (uint32),
 * {@code bestHash}, {@code dataHubURL}, {@code userAgent}, {@code services} (uint64). Read with Go's tolerance
 * ({@link GoStruct}); {@code type} is any string, as in Go, where only {@value #VERSION} and {@value #VERACK} lead
 * to more than a height update.
 *
 * @param type       {@value #VERSION}, {@value #VERACK} or anything a peer wrote
 * @param peerId     the sender, as claimed
 * @param bestHeight the sender's best height (0 when unknown)
 * @param bestHash   the sender's best block, display hex as written, or empty when unknown
 * @param dataHubUrl where the sender's blocks can be fetched
 * @param userAgent  {@value #USER_AGENT} for Teranode
 * @param services   service bits (unsigned 64 bits; Teranode sends 0)
 */
public record HandshakeMessage(String type, String peerId, long bestHeight, String bestHash, String dataHubUrl,
                               String userAgent, long services) {
    /** Teranode's user agent at the spec's commit (the direct stream's protocol id is the same text, by chance). */
    public static final String USER_AGENT = "teranode/bitcoin/1.0.0";
    /** The announcement a node sends on start and to a new connection. */
    public static final String VERSION = "version";
    /** The answer to a version, sent on the direct stream. */
    public static final String VERACK = "verack";
    private static final GoStruct STRUCT = GoStruct.of("HandshakeMessage", "type", GoStruct.Kind.STRING,
            "peerID", GoStruct.Kind.STRING, "bestHeight", GoStruct.Kind.UINT32, "bestHash", GoStruct.Kind.STRING,
            "dataHubURL", GoStruct.Kind.STRING, "userAgent", GoStruct.Kind.STRING, "services", GoStruct.Kind.UINT64);

    public HandshakeMessage {
        Checks.text("type", type);
        Checks.text("peerID", peerId);
        Checks.uint32("bestHeight", bestHeight);
        Checks.text("bestHash", bestHash);
        Checks.text("dataHubURL", dataHubUrl);
        Checks.text("userAgent", userAgent);
    }

    public byte[] encode() {
        return JsonWriter.object().string("type", type).string("peerID", peerId)
                .unsigned("bestHeight", bestHeight).string("bestHash", bestHash).string("dataHubURL", dataHubUrl)
                .string("userAgent", userAgent).unsigned("services", services).toBytes();
    }

    public static HandshakeMessage decode(byte[] json) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decode(json);
        return new HandshakeMessage(f.string("type"), f.string("peerID"), f.uint32("bestHeight"),
                f.string("bestHash"), f.string("dataHubURL"), f.string("userAgent"), f.uint64("services"));
    }
}
