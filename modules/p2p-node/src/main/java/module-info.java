/**
 * The libp2p stack the P2P server speaks: peer ids and keys, multiaddrs, TCP, private networks (pnet),
 * multistream-select, Noise, yamux, identify, ping, gossipsub and the Kademlia DHT, behind the host facade.
 */
module p2p.node {
    requires p2p.common;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires org.bouncycastle.provider;
    requires com.google.protobuf;
    requires java.logging;
    // Meters are registered through Helidon's metrics API (MeterRegistry appears in the public API).
    requires transitive io.helidon.metrics.api;
    requires java.naming;

    exports p2p.node.crypto;
    exports p2p.node.noise;
    exports p2p.node.multiaddr;
    exports p2p.node.multistream;
    exports p2p.node.pnet;
    exports p2p.node.host;
    exports p2p.node.wire;
    exports p2p.node.transport;
    exports p2p.node.identify;
    exports p2p.node.ping;
    exports p2p.node.yamux;
    exports p2p.node.dht;
    exports p2p.node.pubsub;
    exports p2p.node.record;
    exports p2p.node.peeraddr;
    exports p2p.node.dnsaddr;
    exports p2p.node.connmgr;
    exports p2p.node.peercache;
    exports p2p.node.relay;

    opens p2p.node.pubsub.pb to com.google.protobuf;
}
