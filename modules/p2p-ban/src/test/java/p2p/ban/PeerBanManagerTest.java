package p2p.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PeerBanManagerTest {

    private static final Instant START = Instant.parse("2025-07-01T00:00:00Z");
    private static final Duration BAN = Duration.ofHours(24);

    private record Ban(String peerId, Instant until, BanReason reason) {
    }

    private final MutableClock clock = new MutableClock(START);
    private final List<Ban> bans = new CopyOnWriteArrayList<>();
    private final PeerBanManager manager = new PeerBanManager(100, BAN, clock,
            (peerId, until, reason) -> bans.add(new Ban(peerId, until, reason)));

    @Test
    void reasonsCarryTeranodesPoints() {
        assertEquals(1, manager.addScore("a", BanReason.UNKNOWN).score());
        assertEquals(10, manager.addScore("b", BanReason.INVALID_SUBTREE).score());
        assertEquals(20, manager.addScore("c", BanReason.PROTOCOL_VIOLATION).score());
        assertEquals(50, manager.addScore("d", BanReason.SPAM).score());
        assertEquals(10, manager.addScore("e", BanReason.INVALID_BLOCK).score());
        assertEquals(60, manager.addScore("d", BanReason.INVALID_BLOCK).score(), "points add up");
        assertEquals(BanReason.INVALID_BLOCK, BanReason.fromWireName("invalid_block"));
        assertThrows(IllegalArgumentException.class, () -> BanReason.fromWireName("rude"));
    }

    @Test
    void reachingTheThresholdBansOnceAndCallsTheHandlerOnce() {
        assertFalse(manager.addScore("peer", BanReason.SPAM).banned());
        BanScore banned = manager.addScore("peer", BanReason.SPAM);
        assertTrue(banned.banned());
        assertEquals(100, banned.score());
        assertEquals(START.plus(BAN), banned.bannedUntil());
        assertEquals(List.of(new Ban("peer", START.plus(BAN), BanReason.SPAM)), bans);

        BanScore again = manager.addScore("peer", BanReason.PROTOCOL_VIOLATION);
        assertTrue(again.banned());
        assertEquals(START.plus(BAN), again.bannedUntil(), "more points do not extend the ban");
        assertEquals(1, bans.size(), "the handler is called once per ban");
        assertTrue(manager.isBanned("peer"));
        assertEquals(List.of("peer"), manager.listBanned());
    }

    @Test
    void scoreDecaysOnePointPerWholeMinute() {
        manager.addScore("peer", BanReason.SPAM);
        clock.advance(Duration.ofSeconds(59));
        assertEquals(50, manager.score("peer").orElseThrow().score(), "no decay before a whole minute");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(49, manager.score("peer").orElseThrow().score());
        // Touching the score every 40 s must not lose the partial minutes.
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(40));
            manager.score("peer");
        }
        assertEquals(47, manager.score("peer").orElseThrow().score(), "120 s more is two more points");
        clock.advance(Duration.ofMinutes(10));
        assertEquals(47, manager.addScore("peer", BanReason.INVALID_BLOCK).score(), "37 + 10");
    }

    @Test
    void decayedPointsDoNotCountTowardsTheThreshold() {
        manager.addScore("peer", BanReason.SPAM);
        clock.advance(Duration.ofMinutes(5));
        BanScore score = manager.addScore("peer", BanReason.SPAM);
        assertEquals(95, score.score());
        assertFalse(score.banned());
        assertTrue(bans.isEmpty());
        assertTrue(manager.addScore("peer", BanReason.INVALID_SUBTREE).banned());
    }

    @Test
    void aPeerWhoseScoreDecaysToZeroIsForgotten() {
        manager.addScore("peer", BanReason.INVALID_BLOCK);
        clock.advance(Duration.ofMinutes(10));
        assertEquals(Optional.empty(), manager.score("peer"));
        assertEquals(Optional.empty(), manager.score("stranger"));
        assertFalse(manager.isBanned("stranger"));
    }

    @Test
    void aBanEndsAfterItsDurationAndThePeerStartsAgain() {
        manager.addScore("peer", BanReason.SPAM);
        manager.addScore("peer", BanReason.SPAM);
        clock.advance(BAN.minusMillis(1));
        assertTrue(manager.isBanned("peer"));
        clock.advance(Duration.ofMillis(1));
        assertFalse(manager.isBanned("peer"));
        assertEquals(List.of(), manager.listBanned());
        assertEquals(Optional.empty(), manager.score("peer"), "a lifted ban leaves nothing behind");

        manager.addScore("peer", BanReason.SPAM);
        BanScore second = manager.addScore("peer", BanReason.SPAM);
        assertTrue(second.banned());
        assertEquals(2, bans.size(), "a new ban calls the handler again");
        assertEquals(clock.instant().plus(BAN), bans.get(1).until());
    }

    @Test
    void resetForgetsScoreAndBan() {
        manager.addScore("peer", BanReason.SPAM);
        manager.addScore("peer", BanReason.SPAM);
        manager.reset("peer");
        assertFalse(manager.isBanned("peer"));
        assertEquals(Optional.empty(), manager.score("peer"));
        BanScore fresh = manager.addScore("peer", BanReason.UNKNOWN);
        assertEquals(1, fresh.score());
        assertNull(fresh.bannedUntil());
    }

    @Test
    void concurrentScoringCountsEveryPointAndBansOnce() throws Exception {
        PeerBanManager strict = new PeerBanManager(10_000, BAN, clock,
                (peerId, until, reason) -> bans.add(new Ban(peerId, until, reason)));
        int threads = 8;
        int perThread = 500;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        strict.addScore("shared", BanReason.INVALID_SUBTREE); // 10 points each
                        strict.addScore("own-" + thread, BanReason.UNKNOWN);
                        strict.isBanned("shared");
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread * 10, strict.score("shared").orElseThrow().score());
        assertEquals(List.of(new Ban("shared", START.plus(BAN), BanReason.INVALID_SUBTREE)), bans,
                "40,000 points crossed the 10,000 threshold once");
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread, strict.score("own-" + t).orElseThrow().score());
        }
    }

    @Test
    void theHandlerMayCallBackIntoTheManager() {
        List<Boolean> seen = new ArrayList<>();
        PeerBanManager[] holder = new PeerBanManager[1];
        holder[0] = new PeerBanManager(1, BAN, clock, (peerId, until, reason) -> seen.add(holder[0].isBanned(peerId)));
        holder[0].addScore("peer", BanReason.UNKNOWN);
        assertEquals(List.of(true), seen, "the handler runs after the ban is recorded, outside any lock");
    }

    @Test
    void badArgumentsNameTheSetting() {
        IllegalArgumentException threshold = assertThrows(IllegalArgumentException.class,
                () -> new PeerBanManager(0, BAN, clock, (p, u, r) -> { }));
        assertTrue(threshold.getMessage().contains("p2p_ban_threshold"));
        IllegalArgumentException duration = assertThrows(IllegalArgumentException.class,
                () -> new PeerBanManager(1, Duration.ZERO, clock, (p, u, r) -> { }));
        assertTrue(duration.getMessage().contains("p2p_ban_duration"));
        assertThrows(IllegalArgumentException.class, () -> manager.addScore("", BanReason.SPAM));
        assertThrows(IllegalArgumentException.class, () -> manager.addScore("peer", null));
    }
}
