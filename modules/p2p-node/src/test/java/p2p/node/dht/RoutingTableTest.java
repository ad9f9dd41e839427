package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

class RoutingTableTest {
    private static final List<Multiaddr> ADDR = List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/9905"));

    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void peersGoToTheBucketOfTheirCommonPrefixLength() {
        TestPeers peers = new TestPeers(2);
        PeerId self = peers.next();
        RoutingTable table = new RoutingTable(self, 1000, InstantSource.system());
        BigInteger selfHash = new BigInteger(1, KadId.of(self).bytes());
        for (int i = 0; i < 300; i++) {
            PeerId p = peers.next();
            table.add(p, ADDR);
            int expected = 256 - selfHash.xor(new BigInteger(1, KadId.of(p).bytes())).bitLength();
            assertEquals(expected, table.bucketIndex(p));
            assertTrue(table.bucket(expected).stream().anyMatch(e -> e.peer().equals(p)));
        }
        assertEquals(300, table.size());
    }

    @Test
    void selfIsNeverAdded() {
        PeerId self = new TestPeers(3).next();
        RoutingTable table = new RoutingTable(self, 20, InstantSource.system());
        assertInstanceOf(RoutingTable.AddResult.Self.class, table.add(self, ADDR));
        assertEquals(0, table.size());
    }

    @Test
    void fullBucketReportsItsLeastRecentlySeenPeerAndKeepsIt() {
        TestPeers peers = new TestPeers(4);
        PeerId self = peers.next();
        ManualClock clock = new ManualClock();
        RoutingTable table = new RoutingTable(self, 20, clock);
        List<PeerId> bucket0 = new ArrayList<>();
        while (bucket0.size() < 22) {
            PeerId p = peers.next();
            if (table.bucketIndex(p) == 0) {
                bucket0.add(p);
            }
        }
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertInstanceOf(RoutingTable.AddResult.Added.class, table.add(bucket0.get(i), ADDR));
        }
        RoutingTable.AddResult full = table.add(bucket0.get(20), ADDR);
        assertEquals(bucket0.get(0), assertInstanceOf(RoutingTable.AddResult.BucketFull.class, full)
                .leastRecentlySeen().peer());
        assertFalse(table.contains(bucket0.get(20)));

        // seeing the oldest again makes the second one the eviction candidate
        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(RoutingTable.AddResult.Updated.class, table.add(bucket0.get(0), List.of()));
        assertEquals(ADDR, table.get(bucket0.get(0)).orElseThrow().addresses());
        RoutingTable.AddResult again = table.add(bucket0.get(20), ADDR);
        assertEquals(bucket0.get(1), ((RoutingTable.AddResult.BucketFull) again).leastRecentlySeen().peer());

        // a dead candidate is replaced by the newcomer
        assertTrue(table.replace(bucket0.get(1), bucket0.get(20), ADDR));
        assertFalse(table.contains(bucket0.get(1)));
        assertTrue(table.contains(bucket0.get(20)));
        assertEquals(20, table.bucket(0).size());
        // replacing a peer that is no longer there does not overfill the bucket
        assertFalse(table.replace(bucket0.get(1), bucket0.get(21), ADDR));
        assertEquals(20, table.bucket(0).size());
    }

    @Test
    void closestReturnsTheKNearestByXorDistance() {
        TestPeers peers = new TestPeers(5);
        PeerId self = peers.next();
        RoutingTable table = new RoutingTable(self, 20, InstantSource.system());
        for (int i = 0; i < 400; i++) {
            table.add(peers.next(), ADDR);
        }
        for (int t = 0; t < 20; t++) {
            KadId target = KadId.of(peers.next());
            BigInteger targetHash = new BigInteger(1, target.bytes());
            List<PeerId> expected = table.entries().stream()
                    .sorted(Comparator.comparing(e -> new BigInteger(1, e.id().bytes()).xor(targetHash)))
                    .limit(20).map(RoutingTable.Entry::peer).toList();
            assertEquals(expected, table.closest(target, 20).stream().map(RoutingTable.Entry::peer).toList());
        }
        assertEquals(table.size(), table.closest(KadId.of(self), 10_000).size());
    }

    @Test
    void removeAndExpiry() {
        TestPeers peers = new TestPeers(6);
        ManualClock clock = new ManualClock();
        RoutingTable table = new RoutingTable(peers.next(), 20, clock);
        PeerId old = peers.next();
        table.add(old, ADDR);
        clock.advance(Duration.ofHours(1));
        PeerId fresh = peers.next();
        table.add(fresh, ADDR);
        assertEquals(1, table.removeSeenBefore(clock.instant().minusSeconds(60)));
        assertFalse(table.contains(old));
        assertTrue(table.remove(fresh));
        assertFalse(table.remove(fresh));
        assertEquals(0, table.size());
        assertTrue(table.nonEmptyBuckets().isEmpty());
    }
}
