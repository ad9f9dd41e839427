package p2p.server;

import java.util.Objects;
import java.util.function.Supplier;
import p2p.server.gen2026.Settings2026;

/**
 * Which protocol generation's message parts the server runs, chosen once at wiring ({@code p2p_protocol}):
 * {@link Teranode2025} is the spec's July-2025 set (five topics, raw JSON, version/verack handshake, mining-on);
 * {@link Teranode2026} is today's (spec teranode-2026: four topics under {@code teranode/bitcoin/1.0.0/<net>},
 * every payload in the message-bus envelope, node_status instead of the handshake, the author check and field
 * rules). {@link P2PServer.Builder#buildServer()} builds the matching {@link GossipServer}; no handler asks which
 * generation it is in.
 */
public sealed interface MessageProfile {
    /** The {@code p2p_protocol} value of the spec's generation, the default. */
    String TERANODE_2025 = "teranode-2025";
    /** The {@code p2p_protocol} value of today's generation. */
    String TERANODE_2026 = "teranode-2026";

    /** The July-2025 parts: {@link P2PServer}. */
    record Teranode2025(ServerSettings settings) implements MessageProfile {
        public Teranode2025 {
            Objects.requireNonNull(settings, "settings");
        }
    }

    /** The 2026 parts: {@link Teranode2026Server}. */
    record Teranode2026(Settings2026 settings) implements MessageProfile {
        public Teranode2026 {
            Objects.requireNonNull(settings, "settings");
        }
    }

    /**
     * The profile {@code p2pProtocol} names; only the chosen generation's settings are built. An unknown value
     * names the setting and the values allowed.
     */
    static MessageProfile forProtocol(String p2pProtocol, Supplier<ServerSettings> settings2025,
                                      Supplier<Settings2026> settings2026) {
        String value = p2pProtocol == null || p2pProtocol.isBlank() ? TERANODE_2025 : p2pProtocol.trim();
        return switch (value) {
            case TERANODE_2025 -> new Teranode2025(settings2025.get());
            case TERANODE_2026 -> new Teranode2026(settings2026.get());
            default -> throw new IllegalArgumentException("p2p_protocol must be " + TERANODE_2025 + " or "
                    + TERANODE_2026 + ", got '" + p2pProtocol + "'");
        };
    }
}
