package p2p.web.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RateRingTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static long[] counts(RateRing ring, Instant now) {
        return ring.snapshot(now).counts().get("block");
    }

    @Test
    void growthGoesToTheMinuteItWasSeenIn() {
        RateRing ring = new RateRing();
        ring.observe(Map.of("block", 0L), T0);
        ring.observe(Map.of("block", 3L), T0.plusSeconds(10));
        ring.observe(Map.of("block", 5L), T0.plusSeconds(70));
        long[] expected = new long[15];
        expected[13] = 3;
        expected[14] = 2;
        assertArrayEquals(expected, counts(ring, T0.plusSeconds(70)));
        assertEquals(T0.plusSeconds(60 - 14 * 60).getEpochSecond(), ring.snapshot(T0.plusSeconds(70)).startSeconds());
    }

    @Test
    void minutesOlderThanFifteenAreForgottenAndQuietMinutesAreZero() {
        RateRing ring = new RateRing();
        ring.observe(Map.of("block", 7L), T0);
        assertEquals(7, counts(ring, T0.plusSeconds(14 * 60))[0]);
        assertArrayEquals(new long[15], counts(ring, T0.plusSeconds(15 * 60)));
        ring.observe(Map.of("block", 8L), T0.plusSeconds(100 * 60));
        long[] expected = new long[15];
        expected[14] = 1;
        assertArrayEquals(expected, counts(ring, T0.plusSeconds(100 * 60)));
    }

    @Test
    void aCounterThatWentDownCountsFromZeroAndAClockGoingBackKeepsTheNewestMinute() {
        RateRing ring = new RateRing();
        ring.observe(Map.of("block", 10L), T0);
        ring.observe(Map.of("block", 2L), T0.plusSeconds(1));
        ring.observe(Map.of("block", 3L), T0.minusSeconds(600));
        assertEquals(13, counts(ring, T0)[14]);
    }
}
