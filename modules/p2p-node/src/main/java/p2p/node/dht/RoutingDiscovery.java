package p2p.node.dht;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Peer discovery over the DHT in the manner of go-libp2p's {@code discovery/routing}: a peer advertises a namespace
 * by providing its {@link NamespaceCid}, and finds others by looking up the providers of that CID. Teranode uses the
 * gossip topic names as namespaces (spec section 2, "Discovery").
 */
public final class RoutingDiscovery {
    /** Providers asked for per search, as go-libp2p's default discovery limit. */
    public static final int DEFAULT_LIMIT = 100;

    private final KademliaDht dht;

    public RoutingDiscovery(KademliaDht dht) {
        this.dht = dht;
    }

    /**
     * Provides the CID of {@code namespace} to the k closest peers; the DHT re-provides it every republish interval.
     * Completes with the number of peers that took the record.
     */
    public CompletableFuture<Integer> advertise(String namespace) {
        return dht.provide(NamespaceCid.of(namespace).multihash());
    }

    /** Stops re-providing {@code namespace}. */
    public void stopAdvertising(String namespace) {
        dht.stopProviding(NamespaceCid.of(namespace).multihash());
    }

    /** Up to {@code limit} peers that advertise {@code namespace}, with the addresses they gave, ourselves excluded. */
    public CompletableFuture<List<DhtPeer>> findPeers(String namespace, int limit) {
        return dht.findProviders(NamespaceCid.of(namespace).multihash(), limit);
    }

    public CompletableFuture<List<DhtPeer>> findPeers(String namespace) {
        return findPeers(namespace, DEFAULT_LIMIT);
    }
}
