/**
 * How the node finds and keeps its peers, one starter per Teranode generation, over the DHT, dnsaddr, peer cache,
 * relay, connection manager and peer-addr packages, which stay inside p2p.node: {@link
 * p2p.node.discovery.Discovery2025} (spec section 2: the private Kademlia DHT, topic namespaces, static and
 * bootstrap peers kept connected) and {@link p2p.node.discovery.Discovery2026} (spec teranode-2026.md 1.1-1.3, as
 * go-p2p-message-bus configures go-libp2p). Each takes plain values, not the application's settings, and returns a
 * {@link p2p.node.discovery.RunningDiscovery} that stops it.
 */
package p2p.node.discovery;
