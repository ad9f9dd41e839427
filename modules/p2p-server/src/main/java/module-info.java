/**
 * The P2P server (spec sections 1, 3 and 4): the five gossip topics and their JSON messages, the version/verack
 * handshake and peer heights, topic handlers that feed Kafka and the operator notifications, the blockchain
 * notifications and Kafka consumers that publish to the topics, and ban scoring of misbehaving peers.
 */
module p2p.server {
    requires transitive p2p.node;
    requires p2p.common;
    requires transitive p2p.ban;
    requires transitive p2p.kafka;
    requires transitive p2p.chain;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires com.google.protobuf;
    requires java.logging;
    // Meters are registered through Helidon's metrics API (MeterRegistry appears in the public API).
    requires transitive io.helidon.metrics.api;

    exports p2p.server;
    exports p2p.server.ban;
    exports p2p.server.message;
    exports p2p.server.gen2026;
    exports p2p.server.gen2026.message;
}
