package p2p.server.message;

import java.util.Set;
import p2p.server.json.JsonObjectWriter;
import p2p.server.json.MessageFields;

/**
 * The handshake topic's message, also sent alone on the direct stream as the {@code verack} (spec sections 2 and
 * 3). Unlike the other messages the Go struct has JSON tags: keys {@code type}, {@code peerID}, {@code bestHeight}
 * (uint32), {@code bestHash}, {@code dataHubURL}, {@code userAgent}, {@code services} (uint64).
 *
 * @param type       {@link Type#VERSION} (announced) or {@link Type#VERACK} (the answer)
 * @param peerId     the sender
 * @param bestHeight the sender's best height (0 when unknown)
 * @param bestHash   the sender's best block, display hex, or empty when unknown
 * @param dataHubUrl where the sender's blocks can be fetched
 * @param userAgent  {@value #USER_AGENT} for Teranode
 * @param services   service bits (unsigned 64 bits; Teranode sends 0)
 */
public record HandshakeMessage(Type type, String peerId, long bestHeight, String bestHash, String dataHubUrl,
                               String userAgent, long services) {
    /** Teranode's user agent, which is also the direct stream's protocol id. */
    public static final String USER_AGENT = "teranode/bitcoin/1.0.0";
    private static final Set<String> KEYS = Set.of("type", "peerID", "bestHeight", "bestHash", "dataHubURL",
            "userAgent", "services");

    /** The two handshake kinds, with their wire names. */
    public enum Type {
        VERSION("version"), VERACK("verack");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public HandshakeMessage {
        java.util.Objects.requireNonNull(type, "type");
        Checks.text("peerID", peerId);
        Checks.uint32("bestHeight", bestHeight);
        Checks.hashOrEmpty("bestHash", bestHash);
        Checks.text("dataHubURL", dataHubUrl);
        Checks.text("userAgent", userAgent);
    }

    public byte[] encode() {
        return new JsonObjectWriter().string("type", type.wireName()).string("peerID", peerId)
                .unsigned("bestHeight", bestHeight).string("bestHash", bestHash).string("dataHubURL", dataHubUrl)
                .string("userAgent", userAgent).unsigned("services", services).toBytes();
    }

    public static HandshakeMessage decode(byte[] json) throws MalformedMessageException {
        MessageFields f = MessageFields.parse("handshake", json, KEYS);
        String typeName = f.string("type");
        Type type = switch (typeName) {
            case "version" -> Type.VERSION;
            case "verack" -> Type.VERACK;
            default -> throw new MalformedMessageException("handshake message: field \"type\" must be version or "
                    + "verack, got '" + (typeName.length() > 40 ? typeName.substring(0, 40) + "..." : typeName) + "'");
        };
        return new HandshakeMessage(type, f.peerId("peerID"), f.uint32("bestHeight"), f.hashOrEmpty("bestHash"),
                f.string("dataHubURL"), f.string("userAgent"), f.uint64("services"));
    }
}
