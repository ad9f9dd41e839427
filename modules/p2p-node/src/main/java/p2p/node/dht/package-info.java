/**
 * The Kademlia DHT of libp2p (libp2p/specs kad-dht/README.md) as Teranode uses it: {@code <prefix>/kad/1.0.0}
 * streams carrying one varint-prefixed {@code Message} each way, a k-bucket routing table over SHA-256 keys,
 * iterative alpha-parallel lookups, provider records, and on top of them routing discovery (a namespace is
 * advertised by providing the CID of its name) and the {@link p2p.node.dht.Discovery} loop that dials what it finds.
 *
 * <p>The layers: {@link p2p.node.dht.DhtMessageCodec} (bytes to messages, pure), {@link p2p.node.dht.RoutingTable},
 * {@link p2p.node.dht.ProviderStore}, {@link p2p.node.dht.IterativeLookup} (state only), {@link p2p.node.dht.KademliaDht}
 * (the node: answers queries and runs lookups over a {@link p2p.node.dht.DhtNetwork}),
 * {@link p2p.node.dht.RoutingDiscovery}, {@link p2p.node.dht.Discovery}.
 */
package p2p.node.dht;
