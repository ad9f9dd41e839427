package p2p.app;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak's gossip latencies: when each announcement was handed to its author's blockchain service, and how long
 * each other node took to show it on its WebSocket. One window per report: {@link #drain()} returns the window's
 * figures and starts the next. Announcements still short of a delivery after {@link #LOST_AFTER_NANOS} are counted
 * as missing deliveries, so the book of sent announcements stays bounded.
 */
final class SoakLatency {
    static final long LOST_AFTER_NANOS = 60_000_000_000L;

    /** One announcement: sent at {@code sentNanos}, expected at {@code expected} nodes. */
    private record Sent(long sentNanos, AtomicInteger missing) {
    }

    /** A window's figures; latencies in milliseconds. */
    record Window(int sent, int delivered, int missing, double p50, double p99, double max) {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private long[] latencies = new long[1 << 14]; // guarded by lock
    private int count; // guarded by lock
    private int sentInWindow; // guarded by lock

    /** {@code hash} was just announced by one node, to reach {@code receivers} others. */
    void sent(String hash, int receivers) {
        sent.put(hash, new Sent(System.nanoTime(), new AtomicInteger(receivers)));
        synchronized (lock) {
            sentInWindow++;
        }
    }

    /** A node other than the author showed {@code hash}; a hash this run did not send is ignored. */
    void delivered(String hash) {
        long now = System.nanoTime();
        Sent s = sent.get(hash);
        if (s == null) {
            return;
        }
        if (s.missing().decrementAndGet() == 0) {
            sent.remove(hash);
        }
        synchronized (lock) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = now - s.sentNanos();
        }
    }

    /** Announcements some node has not shown yet. */
    int pending() {
        return sent.size();
    }

    /** The window since the last call, every announcement still pending counted as missing: the run's last. */
    Window drainAll() {
        int missing = 0;
        for (Sent s : sent.values()) {
            missing += Math.max(0, s.missing().get());
        }
        sent.clear();
        Window last = drain();
        return new Window(last.sent(), last.delivered(), last.missing() + missing, last.p50(), last.p99(), last.max());
    }

    /** The window since the last call, and a fresh one. */
    Window drain() {
        long now = System.nanoTime();
        int missing = 0;
        for (Map.Entry<String, Sent> e : sent.entrySet()) {
            if (now - e.getValue().sentNanos() > LOST_AFTER_NANOS && sent.remove(e.getKey(), e.getValue())) {
                missing += Math.max(0, e.getValue().missing().get());
            }
        }
        long[] window;
        int sentCount;
        synchronized (lock) {
            window = Arrays.copyOf(latencies, count);
            count = 0;
            sentCount = sentInWindow;
            sentInWindow = 0;
        }
        Arrays.sort(window);
        return new Window(sentCount, window.length, missing, percentile(window, 0.50), percentile(window, 0.99),
                window.length == 0 ? Double.NaN : window[window.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
