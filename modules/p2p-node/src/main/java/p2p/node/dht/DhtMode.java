package p2p.node.dht;

import java.util.Locale;

/**
 * {@code p2p_dht_mode} of Teranode 2026 (spec teranode-2026.md 1.3): {@code off} runs no DHT at all; {@code client}
 * queries and provides but neither answers requests nor announces the protocol in identify, so servers keep it out of
 * their routing tables; {@code server} does both.
 */
public enum DhtMode {
    OFF, CLIENT, SERVER;

    /** @throws IllegalArgumentException naming {@code p2p_dht_mode} and the value */
    public static DhtMode parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "off" -> OFF;
            case "client" -> CLIENT;
            case "server" -> SERVER;
            default -> throw new IllegalArgumentException("p2p_dht_mode must be off, client or server, got \""
                    + text + "\"");
        };
    }

    /**
     * The network the DHT runs on in this mode: as given for a server; for a client, one that never registers the
     * stream handler, so requests to us fail at multistream and identify does not list the protocol.
     *
     * @throws IllegalStateException for {@link #OFF}: no DHT is to be built
     */
    public DhtNetwork network(DhtNetwork network) {
        return switch (this) {
            case SERVER -> network;
            case CLIENT -> new ClientModeDhtNetwork(network);
            case OFF -> throw new IllegalStateException("p2p_dht_mode is off: no DHT network");
        };
    }
}
