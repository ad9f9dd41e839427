package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

class StaticPeersTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() {
        scheduler.shutdownNow();
    }

    private static final class ManualClock implements InstantSource {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void missingPeersAreRedialledAndUnreachableOnesBackOff() throws Exception {
        TestPeers peers = new TestPeers(1100);
        PeerId good = peers.next();
        PeerId dead = peers.next();
        Multiaddr goodAddr = Multiaddr.parse("/ip4/10.0.0.1/tcp/9905");
        Multiaddr deadAddr = Multiaddr.parse("/ip4/10.0.0.2/tcp/9905");
        Set<PeerId> connected = ConcurrentHashMap.newKeySet();
        Map<PeerId, AtomicInteger> dials = Map.of(good, new AtomicInteger(), dead, new AtomicInteger());
        AtomicInteger rounds = new AtomicInteger();
        ManualClock clock = new ManualClock();
        StaticPeers statics = new StaticPeers(List.of(goodAddr.withPeerId(good.toBytes()),
                deadAddr.withPeerId(dead.toBytes())), (peer, addrs) -> {
                    dials.get(peer).incrementAndGet();
                    if (peer.equals(good)) {
                        assertEquals(List.of(goodAddr), addrs);
                        connected.add(peer);
                        return CompletableFuture.completedFuture(null);
                    }
                    return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
                }, peer -> {
                    if (peer.equals(good)) {
                        rounds.incrementAndGet();
                    }
                    return connected.contains(peer);
                }, new StaticPeers.Timing(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofSeconds(40)),
                scheduler, clock);
        statics.start();
        try {
            KademliaDhtTest.waitUntil(() -> dials.get(good).get() == 1 && dials.get(dead).get() == 1);
            // the clock stands still: rounds go on but the dead peer waits out its 20 ms backoff
            int seen = rounds.get();
            KademliaDhtTest.waitUntil(() -> rounds.get() >= seen + 5);
            assertEquals(1, dials.get(dead).get());
            clock.now = clock.now.plusMillis(20);
            KademliaDhtTest.waitUntil(() -> dials.get(dead).get() == 2);
            // a later round means the failure was recorded (at clock + 20 ms); the second backoff is 40 ms
            int dialRound = rounds.get();
            KademliaDhtTest.waitUntil(() -> rounds.get() >= dialRound + 2);
            clock.now = clock.now.plusMillis(30);
            int seen2 = rounds.get();
            KademliaDhtTest.waitUntil(() -> rounds.get() >= seen2 + 5);
            assertEquals(2, dials.get(dead).get());
            clock.now = clock.now.plusMillis(10);
            KademliaDhtTest.waitUntil(() -> dials.get(dead).get() == 3);
            // a connected static peer that drops is dialled again
            connected.remove(good);
            KademliaDhtTest.waitUntil(() -> dials.get(good).get() == 2);
        } finally {
            statics.close();
        }
    }
}
