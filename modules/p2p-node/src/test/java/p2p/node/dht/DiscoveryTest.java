package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.noise.PeerIdMismatchException;

class DiscoveryTest {
    private static final List<String> TOPICS = List.of("bitcoin/regtest-block", "bitcoin/regtest-subtree",
            "bitcoin/regtest-handshake");
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final InMemoryDhtNetwork.Hub hub = new InMemoryDhtNetwork.Hub();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        scheduler.shutdownNow();
        hub.close();
    }

    private static Discovery.Settings fast(List<String> namespaces, List<Multiaddr> bootstrap, List<Multiaddr> statics,
                                           boolean optimise) {
        return new Discovery.Settings(namespaces, bootstrap, statics, optimise, Duration.ofMillis(100),
                Duration.ofMillis(200), new StaticPeers.Timing(Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofSeconds(1)));
    }

    @Test
    void sixNodesWithOneBootstrapFindEachOtherThroughProviderRecords() throws Exception {
        TestPeers peers = new TestPeers(900);
        DhtConfig config = DhtConfig.defaults(DhtProtocol.protocolId(DhtProtocol.DEFAULT_PREFIX, true))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
        List<PeerId> ids = new ArrayList<>();
        List<InMemoryDhtNetwork> nets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            InMemoryDhtNetwork net = hub.add(peers.next());
            nets.add(net);
            ids.add(net.localPeer());
        }
        Multiaddr bootstrap = nets.get(0).localAddresses().get(0).withPeerId(ids.get(0).toBytes());
        Set<List<PeerId>> dials = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 6; i++) {
            PeerId self = ids.get(i);
            KademliaDht dht = new KademliaDht(nets.get(i), config, scheduler, InstantSource.system());
            dht.start();
            closeables.add(dht);
            Discovery discovery = new Discovery(fast(TOPICS, i == 0 ? List.of() : List.of(bootstrap), List.of(), false),
                    self, Discovery.Finder.of(new RoutingDiscovery(dht)),
                    (peer, addrs) -> {
                        dials.add(List.of(self, peer));
                        return hub.connect(self, peer);
                    },
                    peer -> hub.dialled(self, peer), peer -> false, AddressFilter.DEFAULT, scheduler,
                    InstantSource.system());
            discovery.start();
            closeables.add(discovery);
        }
        KademliaDhtTest.waitUntil(() -> {
            for (PeerId a : ids) {
                for (PeerId b : ids) {
                    if (!a.equals(b) && !hub.dialled(a, b)) {
                        return false;
                    }
                }
            }
            return true;
        });
        // nobody but node 0 was named to the others: every other link came from a provider search
        long bootstrapDials = dials.stream().filter(d -> d.get(1).equals(ids.get(0))).count();
        assertTrue(bootstrapDials >= 5);
        assertTrue(dials.size() >= 5 + 10, "the ten links among nodes 1..5 need a dial each, got " + dials);
        assertTrue(dials.stream().noneMatch(d -> d.get(0).equals(d.get(1))), "nobody dials itself");
    }

    /** A finder returning fixed providers, and a dialer that records calls and completes as the test says. */
    private final class Harness {
        final PeerId self = new TestPeers(1000).next();
        final List<PeerId> dialled = new CopyOnWriteArrayList<>();
        final Set<PeerId> connected = ConcurrentHashMap.newKeySet();
        final Set<PeerId> banned = ConcurrentHashMap.newKeySet();
        volatile CompletableFuture<Void> outcome = new CompletableFuture<>();
        final Discovery discovery;

        Harness(boolean optimise) {
            Discovery.Finder none = new Discovery.Finder() {
                @Override
                public CompletableFuture<Integer> advertise(String namespace) {
                    return CompletableFuture.completedFuture(1);
                }

                @Override
                public CompletableFuture<List<DhtPeer>> findPeers(String namespace) {
                    return CompletableFuture.completedFuture(List.of());
                }
            };
            discovery = new Discovery(fast(TOPICS, List.of(), List.of(), optimise), self, none, (peer, addrs) -> {
                dialled.add(peer);
                return outcome;
            }, connected::contains, banned::contains, AddressFilter.DEFAULT, scheduler, InstantSource.system());
        }
    }

    private static final List<Multiaddr> LAN = List.of(Multiaddr.parse("/ip4/10.0.0.7/tcp/9905"));
    private static final List<Multiaddr> LOOPBACK = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/9905"));

    @Test
    void skipsSelfConnectedBannedAddresslessAndPeersBeingDialled() {
        Harness h = new Harness(false);
        TestPeers peers = new TestPeers(1001);
        PeerId connected = peers.next();
        PeerId banned = peers.next();
        PeerId fresh = peers.next();
        h.connected.add(connected);
        h.banned.add(banned);
        h.discovery.consider(new DhtPeer(h.self, LAN));
        h.discovery.consider(new DhtPeer(connected, LAN));
        h.discovery.consider(new DhtPeer(banned, LAN));
        h.discovery.consider(new DhtPeer(peers.next(), List.of()));
        h.discovery.consider(new DhtPeer(peers.next(), List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/9905"))));
        h.discovery.consider(new DhtPeer(fresh, LAN));
        h.discovery.consider(new DhtPeer(fresh, LAN));
        assertEquals(List.of(fresh), h.dialled);
        // once that dial ends the peer may be dialled again
        h.outcome.completeExceptionally(new IllegalStateException("refused"));
        h.discovery.consider(new DhtPeer(fresh, LAN));
        assertEquals(List.of(fresh, fresh), h.dialled);
        assertEquals(DialFailure.OTHER, h.discovery.lastFailure(fresh).orElseThrow());
    }

    @Test
    void optimisedRetriesSkipPeerIdMismatchesAndLoopbackOnlyPeersWithoutGoodAddresses() {
        Harness h = new Harness(true);
        TestPeers peers = new TestPeers(1002);
        PeerId impostor = peers.next();
        PeerId local = peers.next();
        h.outcome.completeExceptionally(new CompletableFutureWrapper(new PeerIdMismatchException(impostor, local)));
        h.discovery.consider(new DhtPeer(impostor, LAN));
        assertEquals(DialFailure.PEER_ID_MISMATCH, h.discovery.lastFailure(impostor).orElseThrow());
        h.discovery.consider(new DhtPeer(impostor, LAN));
        assertEquals(List.of(impostor), h.dialled);

        h.outcome = CompletableFuture.failedFuture(new NoGoodAddressesException(local));
        h.discovery.consider(new DhtPeer(local, LOOPBACK));
        h.discovery.consider(new DhtPeer(local, LOOPBACK));
        assertEquals(List.of(impostor, local), h.dialled);
        // a routable address makes it worth another try
        h.discovery.consider(new DhtPeer(local, LAN));
        assertEquals(List.of(impostor, local, local), h.dialled);
    }

    @Test
    void withoutOptimisedRetriesFailedPeersAreDialledAgain() {
        Harness h = new Harness(false);
        PeerId impostor = new TestPeers(1003).next();
        h.outcome = CompletableFuture.failedFuture(new PeerIdMismatchException(impostor, h.self));
        h.discovery.consider(new DhtPeer(impostor, LAN));
        h.discovery.consider(new DhtPeer(impostor, LAN));
        assertEquals(List.of(impostor, impostor), h.dialled);
    }

    @Test
    void bootstrapAndStaticAddressesMustNameTheirPeer() {
        Multiaddr bare = Multiaddr.parse("/ip4/10.0.0.1/tcp/9905");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Discovery.Settings.of(TOPICS, List.of(bare), List.of(), false));
        assertTrue(e.getMessage().contains("p2p_bootstrapAddresses"), e.getMessage());
        Harness h = new Harness(false);
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> new StaticPeers(List.of(bare),
                (p, a) -> CompletableFuture.completedFuture(null), p -> false, StaticPeers.Timing.DEFAULT, scheduler,
                InstantSource.system()));
        assertTrue(s.getMessage().contains("p2p_static_peers"), s.getMessage());
        assertTrue(h.dialled.isEmpty());
    }

    /** Wraps a cause as dial futures do (CompletionException-like nesting). */
    private static final class CompletableFutureWrapper extends RuntimeException {
        CompletableFutureWrapper(Throwable cause) {
            super(cause);
        }
    }
}
