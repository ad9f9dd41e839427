package p2p.web.api;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-topic message counts per minute over the last {@link #MINUTES} minutes, for {@code GET /api/v1/rates}. It is
 * fed the node's cumulative counters ({@code NodeOverview#receivedPerTopic}); each observation adds what the
 * counters grew by since the previous one to the current minute's slot, so the ring keeps 15 numbers per topic
 * whatever the traffic. A counter that went down (a restarted server) counts from zero again.
 */
final class RateRing {
    static final int MINUTES = 15;

    private final Map<String, long[]> slots = new LinkedHashMap<>();
    private final Map<String, Long> lastTotals = new HashMap<>();
    /** The epoch minute the newest slot counts; -1 before the first observation. */
    private long newestMinute = -1;

    /** Adds the growth of {@code totals} since the last call to the minute of {@code now}. */
    synchronized void observe(Map<String, Long> totals, Instant now) {
        long minute = advance(now);
        for (Map.Entry<String, Long> total : totals.entrySet()) {
            long value = total.getValue();
            long last = lastTotals.getOrDefault(total.getKey(), 0L);
            long grown = value >= last ? value - last : value;
            lastTotals.put(total.getKey(), value);
            slots.computeIfAbsent(total.getKey(), t -> new long[MINUTES])[slot(minute)] += grown;
        }
    }

    /** The counts per topic, oldest minute first, the last element being the minute of {@code now}. */
    synchronized Snapshot snapshot(Instant now) {
        long minute = advance(now);
        Map<String, long[]> counts = new LinkedHashMap<>();
        slots.forEach((topic, ring) -> {
            long[] ordered = new long[MINUTES];
            for (int i = 0; i < MINUTES; i++) {
                ordered[i] = ring[slot(minute - MINUTES + 1 + i)];
            }
            counts.put(topic, ordered);
        });
        return new Snapshot((minute - MINUTES + 1) * 60, counts);
    }

    /** Moves the ring to the minute of {@code now}, emptying the slots of the minutes that passed. */
    private long advance(Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        if (newestMinute < 0) {
            newestMinute = minute;
        }
        // A clock that went back keeps counting into the newest slot rather than rewriting history.
        long passed = Math.min(Math.max(minute - newestMinute, 0), MINUTES);
        for (long m = newestMinute + 1; m <= newestMinute + passed; m++) {
            for (long[] ring : slots.values()) {
                ring[slot(m)] = 0;
            }
        }
        newestMinute = Math.max(newestMinute, minute);
        return newestMinute;
    }

    private static int slot(long minute) {
        return (int) Math.floorMod(minute, (long) MINUTES);
    }

    /**
     * @param startSeconds Unix time of the start of the oldest minute
     * @param counts per topic, {@link #MINUTES} counts oldest first
     */
    record Snapshot(long startSeconds, Map<String, long[]> counts) {
    }
}
