package p2p.node.dht;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * A {@link DhtNetwork} whose peers live in one process. Every message goes through {@link DhtMessageCodec} both
 * ways, as it would on a stream, and is handled on a shared executor, never on the caller's thread. A request links
 * the two peers as a host's dial would, and both sides' DHT listeners hear of it (identify shows both serve the
 * DHT); {@link Hub#connect} plays the application's dial and is tracked apart, so tests can tell what discovery did.
 */
final class InMemoryDhtNetwork implements DhtNetwork {
    /** The shared medium. */
    static final class Hub implements AutoCloseable {
        final Map<PeerId, InMemoryDhtNetwork> nodes = new ConcurrentHashMap<>();
        final Set<Set<PeerId>> links = ConcurrentHashMap.newKeySet();
        final Set<Set<PeerId>> dialled = ConcurrentHashMap.newKeySet();
        final Set<PeerId> down = ConcurrentHashMap.newKeySet();
        final AtomicInteger requests = new AtomicInteger();
        final ExecutorService executor = Executors.newFixedThreadPool(4);
        final DhtMessageCodec codec = new DhtMessageCodec(AddressFilter.DEFAULT);

        InMemoryDhtNetwork add(PeerId peer) {
            int n = nodes.size() + 1;
            InMemoryDhtNetwork net = new InMemoryDhtNetwork(this, peer,
                    List.of(Multiaddr.parse("/ip4/10.0." + (n / 250) + "." + (n % 250 + 1) + "/tcp/9905")));
            nodes.put(peer, net);
            return net;
        }

        /** The host's dial (what Discovery calls): links the two peers and tells both DHTs. */
        CompletableFuture<Void> connect(PeerId from, PeerId to) {
            return CompletableFuture.runAsync(() -> {
                link(from, to);
                dialled.add(Set.of(from, to));
            }, executor);
        }

        /** A connection as a DHT request makes it: both sides learn the other serves the DHT. */
        private void link(PeerId from, PeerId to) {
            InMemoryDhtNetwork a = nodes.get(from);
            InMemoryDhtNetwork b = nodes.get(to);
            if (b == null || down.contains(to) || from.equals(to)) {
                throw new IllegalStateException("cannot reach " + to);
            }
            if (links.add(Set.of(from, to))) {
                a.listeners.forEach(l -> l.dhtPeerConnected(to, b.addresses));
                b.listeners.forEach(l -> l.dhtPeerConnected(from, a.addresses));
            }
        }

        /** Whether one of the two dialled the other through {@link #connect} (DHT traffic does not count). */
        boolean dialled(PeerId a, PeerId b) {
            return dialled.contains(Set.of(a, b));
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    private final Hub hub;
    private final PeerId self;
    private final List<Multiaddr> addresses;
    private final List<DhtPeerListener> listeners = new CopyOnWriteArrayList<>();
    private volatile DhtRequestHandler handler;

    private InMemoryDhtNetwork(Hub hub, PeerId self, List<Multiaddr> addresses) {
        this.hub = hub;
        this.self = self;
        this.addresses = addresses;
    }

    @Override
    public PeerId localPeer() {
        return self;
    }

    @Override
    public List<Multiaddr> localAddresses() {
        return addresses;
    }

    @Override
    public CompletableFuture<DhtMessage> request(PeerId peer, List<Multiaddr> addrs, DhtMessage request,
                                                 Duration timeout) {
        hub.requests.incrementAndGet();
        byte[] wire = hub.codec.encode(request);
        return CompletableFuture.supplyAsync(() -> {
            InMemoryDhtNetwork target = hub.nodes.get(peer);
            if (target == null || hub.down.contains(peer) || target.handler == null) {
                throw new IllegalStateException("cannot reach " + peer);
            }
            hub.link(self, peer);
            DhtMessage response = target.handler.handle(self, hub.codec.decode(wire));
            return response == null ? null : hub.codec.decode(hub.codec.encode(response));
        }, hub.executor);
    }

    @Override
    public void serve(DhtRequestHandler requestHandler) {
        this.handler = requestHandler;
    }

    @Override
    public boolean isConnected(PeerId peer) {
        return hub.links.contains(Set.of(self, peer));
    }

    @Override
    public void addListener(DhtPeerListener listener) {
        listeners.add(listener);
    }
}
