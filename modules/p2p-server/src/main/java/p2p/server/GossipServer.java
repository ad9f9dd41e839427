package p2p.server;

import p2p.kafka.MessageHandler;

/**
 * A generation's gossip server as the application drives it: start it on a started node, hand its two handlers to
 * the Kafka consumers, read its peer heights and counts, close it. {@link P2PServer} is the July-2025 one,
 * {@link Teranode2026Server} today's; {@link MessageProfile} picks.
 */
public interface GossipServer extends AutoCloseable {
    void start();

    /** Peers' heights, for GetPeers. */
    PeerHeights peerHeights();

    /** A peer's last node_status (2026); the July-2025 generation has none. */
    default java.util.Optional<PeerStatuses.Status> peerStatus(p2p.node.crypto.PeerId peer) {
        return java.util.Optional.empty();
    }

    /** The gossip topics this server uses, block first: their counts are on {@code /metrics}. */
    java.util.List<String> topics();

    /** Per-topic counts, for {@code /metrics}. */
    ServerCounters counters();

    /** The handler of the {@code kafka_rejectedTxConfig} consumer. */
    MessageHandler rejectedTxHandler();

    /** The handler of the {@code kafka_invalidBlocksConfig} consumer. */
    MessageHandler invalidBlocksHandler();

    @Override
    void close();
}
