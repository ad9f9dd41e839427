package p2p.web.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing count, safe to increment from any thread. */
public final class Counter {
    private final LongAdder value = new LongAdder();

    Counter() {
    }

    public void increment() {
        value.increment();
    }

    /** Adds {@code amount}, which must not be negative (a counter never goes down). */
    public void add(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("counter increment must not be negative, got " + amount);
        }
        value.add(amount);
    }

    public long value() {
        return value.sum();
    }
}
