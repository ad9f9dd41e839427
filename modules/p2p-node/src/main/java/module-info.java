/**
 * The libp2p stack the P2P server speaks: peer ids and keys, multiaddrs, TCP, private networks (pnet),
 * multistream-select, Noise, yamux, identify, ping, gossipsub and the Kademlia DHT, behind the host facade
 * ({@code p2p.node.host.P2PNode}), the topic facade ({@code p2p.node.pubsub.Gossipsub}) and the discovery starters
 * ({@code p2p.node.discovery}).
 */
module p2p.node {
    // KeyFormatException, an exported type, extends p2p.common.wire.ProtocolException.
    requires transitive p2p.common;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    // Streams are Netty channels: StreamHandler, newStream and Streams hand them to the module's users.
    requires transitive io.netty.transport;
    requires org.bouncycastle.provider;
    requires com.google.protobuf;
    requires java.logging;
    // Meters are registered through Helidon's metrics API (MeterRegistry appears in the public API).
    requires transitive io.helidon.metrics.api;
    requires java.naming;

    // The public face (issue 17 change 1): the host facade and its API types, keys and peer ids, multiaddrs, the
    // gossipsub topic facade, and discovery per generation. Everything else (transport, pnet, noise, multistream,
    // yamux, identify, ping, wire, dht internals, dnsaddr, peer cache, relay, connection manager, peer records) is
    // implementation: tests and p2p-bench reach it on the class path.
    exports p2p.node.host;
    exports p2p.node.crypto;
    exports p2p.node.multiaddr;
    exports p2p.node.pubsub;
    exports p2p.node.discovery;

    opens p2p.node.pubsub.pb to com.google.protobuf;
}
