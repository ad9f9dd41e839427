package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.testkit.Await;

class KademliaDhtTest {
    private final InMemoryDhtNetwork.Hub hub = new InMemoryDhtNetwork.Hub();
    private final List<KademliaDht> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.forEach(KademliaDht::close);
        hub.close();
    }

    private List<KademliaDht> network(int size, int k, long seed) {
        TestPeers peers = new TestPeers(seed);
        DhtConfig config = DhtConfig.defaults(DhtProtocol.protocolId("/teranode", true)).withK(k)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
        for (int i = 0; i < size; i++) {
            KademliaDht dht = new KademliaDht(hub.add(peers.next()), config, null, InstantSource.system());
            dht.start();
            nodes.add(dht);
        }
        return nodes;
    }

    /** Links each node to its predecessor and to one random earlier node: connected, but sparse tables. */
    private void sparseLinks(Random random) throws Exception {
        for (int i = 1; i < nodes.size(); i++) {
            hub.connect(nodes.get(i).localPeer(), nodes.get(i - 1).localPeer()).get(10, TimeUnit.SECONDS);
            hub.connect(nodes.get(i).localPeer(), nodes.get(random.nextInt(i)).localPeer()).get(10, TimeUnit.SECONDS);
        }
    }

    private List<PeerId> trueClosest(byte[] key, PeerId excluded, int k) {
        BigInteger target = new BigInteger(1, KadId.ofKey(key).bytes());
        return nodes.stream().map(KademliaDht::localPeer).filter(p -> !p.equals(excluded))
                .sorted(Comparator.comparing(p -> new BigInteger(1, KadId.of(p).bytes()).xor(target)))
                .limit(k).toList();
    }

    @Test
    void iterativeLookupOverThirtyNodesReachesBeyondASparseTableThenFindsTheTrueClosest() throws Exception {
        network(30, DhtProtocol.K, 100);
        Random random = new Random(100);
        sparseLinks(random);
        KademliaDht origin = nodes.get(29);
        int known = origin.routingTable().size();
        assertTrue(known <= 8, "tables must start sparse");
        byte[] first = new byte[32];
        random.nextBytes(first);
        List<DhtPeer> reached = origin.findClosestPeers(first).get(30, TimeUnit.SECONDS);
        // every answer came from a queried peer; most were learnt hop by hop
        assertEquals(DhtProtocol.K, reached.size());
        assertTrue(origin.routingTable().size() >= DhtProtocol.K, "answering peers join the table");
        KadId target = KadId.ofKey(first);
        for (int i = 1; i < reached.size(); i++) {
            assertTrue(target.compareDistance(KadId.of(reached.get(i - 1).id()), KadId.of(reached.get(i).id())) < 0);
        }

        // once every node has joined (looked itself up), lookups return exactly the k closest
        for (KademliaDht dht : nodes) {
            dht.findClosestPeers(dht.localPeer().toBytes()).get(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 10; i++) {
            KademliaDht from = nodes.get(random.nextInt(nodes.size()));
            byte[] key = new byte[32];
            random.nextBytes(key);
            List<PeerId> found = from.findClosestPeers(key).get(30, TimeUnit.SECONDS).stream().map(DhtPeer::id).toList();
            assertEquals(trueClosest(key, from.localPeer(), DhtProtocol.K), found);
        }
    }

    @Test
    void lookupsWithSmallBucketsConvergeAfterRefresh() throws Exception {
        network(30, 4, 200);
        Random random = new Random(200);
        sparseLinks(random);
        for (int round = 0; round < 2; round++) {
            for (KademliaDht dht : nodes) {
                dht.refresh().get(30, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < 10; i++) {
            KademliaDht from = nodes.get(random.nextInt(nodes.size()));
            PeerId target = nodes.get(random.nextInt(nodes.size())).localPeer();
            List<PeerId> found = from.findClosestPeers(target.toBytes()).get(30, TimeUnit.SECONDS).stream()
                    .map(DhtPeer::id).toList();
            assertEquals(trueClosest(target.toBytes(), from.localPeer(), 4), found);
        }
    }

    @Test
    void providersAreFoundFromTheFarSideOfTheNetwork() throws Exception {
        network(30, DhtProtocol.K, 300);
        sparseLinks(new Random(300));
        byte[] key = NamespaceCid.of("bitcoin/regtest-block").multihash();
        KademliaDht provider = nodes.get(3);
        assertTrue(provider.provide(key).get(30, TimeUnit.SECONDS) > 0);
        KademliaDht seeker = nodes.get(27);
        List<DhtPeer> found = seeker.findProviders(key, 10).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(provider.localPeer()), found.stream().map(DhtPeer::id).toList());
        assertEquals(hub.nodes.get(provider.localPeer()).localAddresses(), found.get(0).addresses());
        // the provider does not list itself
        assertTrue(provider.findProviders(key, 10).get(30, TimeUnit.SECONDS).isEmpty());
    }

    @Test
    void unreachablePeersFailTheirQueriesAndLeaveTheTable() throws Exception {
        network(12, DhtProtocol.K, 400);
        for (int i = 1; i < nodes.size(); i++) {
            hub.connect(nodes.get(0).localPeer(), nodes.get(i).localPeer()).get(10, TimeUnit.SECONDS);
        }
        List<PeerId> dead = List.of(nodes.get(2).localPeer(), nodes.get(5).localPeer(), nodes.get(7).localPeer());
        hub.down.addAll(dead);
        KademliaDht origin = nodes.get(0);
        List<PeerId> found = origin.findClosestPeers(new byte[] {42}).get(30, TimeUnit.SECONDS)
                .stream().map(DhtPeer::id).toList();
        assertEquals(8, found.size());
        dead.forEach(p -> {
            assertFalse(found.contains(p));
            assertFalse(origin.routingTable().contains(p));
        });
    }

    @Test
    void addProviderOnlyRecordsTheSenderItself() {
        network(1, DhtProtocol.K, 500);
        KademliaDht dht = nodes.get(0);
        TestPeers peers = new TestPeers(501);
        PeerId sender = peers.next();
        PeerId victim = peers.next();
        byte[] key = NamespaceCid.of("ns").multihash();
        List<Multiaddr> addr = List.of(Multiaddr.parse("/ip4/10.9.9.9/tcp/1"));
        assertNull(dht.handle(sender, new DhtMessage(DhtMessage.Type.ADD_PROVIDER, key, List.of(),
                List.of(new DhtPeer(victim, addr), new DhtPeer(sender, addr)))));
        assertEquals(List.of(sender), dht.providerStore().get(key).stream().map(ProviderStore.Provider::peer).toList());
        DhtMessage answer = dht.handle(victim, DhtMessage.request(DhtMessage.Type.GET_PROVIDERS, key));
        assertEquals(List.of(new DhtPeer(sender, addr)), answer.providerPeers());
    }

    @Test
    void serverRejectsPutValueAndKeylessQueries() {
        network(1, DhtProtocol.K, 600);
        KademliaDht dht = nodes.get(0);
        PeerId from = new TestPeers(601).next();
        assertThrows(DhtProtocolException.class,
                () -> dht.handle(from, DhtMessage.request(DhtMessage.Type.PUT_VALUE, new byte[] {1})));
        assertThrows(DhtProtocolException.class,
                () -> dht.handle(from, DhtMessage.request(DhtMessage.Type.FIND_NODE, new byte[0])));
        assertThrows(DhtProtocolException.class,
                () -> dht.handle(from, DhtMessage.request(DhtMessage.Type.ADD_PROVIDER, new byte[0])));
        assertEquals(DhtMessage.Type.PING,
                dht.handle(from, DhtMessage.request(DhtMessage.Type.PING, new byte[0])).type());
    }

    @Test
    void findNodeAnswersLeaveOutTheRequesterAndAnswerOwnIdWithSelf() throws Exception {
        network(5, DhtProtocol.K, 700);
        for (int i = 1; i < 5; i++) {
            hub.connect(nodes.get(0).localPeer(), nodes.get(i).localPeer()).get(10, TimeUnit.SECONDS);
        }
        KademliaDht dht = nodes.get(0);
        PeerId asker = nodes.get(1).localPeer();
        DhtMessage answer = dht.handle(asker, DhtMessage.request(DhtMessage.Type.FIND_NODE, asker.toBytes()));
        assertEquals(3, answer.closerPeers().size());
        assertFalse(answer.closerPeers().stream().anyMatch(p -> p.id().equals(asker)));
        assertTrue(answer.closerPeers().stream().allMatch(p -> p.connection() == DhtPeer.Connectedness.CONNECTED));
        DhtMessage own = dht.handle(asker, DhtMessage.request(DhtMessage.Type.FIND_NODE, dht.localPeer().toBytes()));
        assertEquals(List.of(dht.localPeer()), own.closerPeers().stream().map(DhtPeer::id).toList());
    }

    @Test
    void fullBucketEvictsItsOldestPeerOnlyWhenItIsDead() throws Exception {
        DhtConfig config = DhtConfig.defaults("/t/kad/1.0.0").withK(1)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
        TestPeers peers = new TestPeers(800);
        KademliaDht dht = new KademliaDht(hub.add(peers.next()), config, null, InstantSource.system());
        nodes.add(dht);
        dht.start();
        PeerId old = null;
        PeerId newcomer = null;
        while (newcomer == null) {
            PeerId p = peers.next();
            if (dht.routingTable().bucketIndex(p) == 0) {
                hub.add(p).serve((from, req) -> DhtMessage.request(DhtMessage.Type.PING, new byte[0]));
                if (old == null) {
                    old = p;
                } else {
                    newcomer = p;
                }
            }
        }
        List<Multiaddr> addr = List.of(Multiaddr.parse("/ip4/10.1.1.1/tcp/1"));
        dht.addPeer(old, addr);
        PeerId expectedKept = old;
        dht.addPeer(newcomer, addr);
        // the live oldest answers its ping and stays
        waitUntil(() -> hub.requests.get() >= 1 && dht.routingTable().contains(expectedKept));
        hub.down.add(old);
        dht.addPeer(newcomer, addr);
        PeerId replaced = newcomer;
        waitUntil(() -> dht.routingTable().contains(replaced));
        assertFalse(dht.routingTable().contains(old));
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) {
        Await.until("the DHT condition", java.time.Duration.ofSeconds(30), condition);
    }
}
