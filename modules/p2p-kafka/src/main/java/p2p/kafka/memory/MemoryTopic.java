package p2p.kafka.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One topic of the in-process bus: an append-only log holding the newest {@code capacity} messages, and one read
 * position per consumer group. Every group sees every message once; consumers of the same group share the messages
 * between them, as in Kafka. Unlike Teranode's Go in-memory broker, a slow consumer is never silently skipped: it
 * only loses messages that retention removed, and those are counted.
 */
final class MemoryTopic {

    /** A message taken by a consumer, with how many older messages its group lost to retention first. */
    record Entry(byte[] value, long offset, long skipped) {
    }

    private final String name;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final byte[][] ring;  // message at offset o sits at o % capacity; guarded by lock
    private long firstOffset;     // oldest retained offset; guarded by lock
    private long endOffset;       // offset the next message gets; guarded by lock
    private final Map<String, Long> groupPositions = new HashMap<>(); // next offset per group; guarded by lock

    MemoryTopic(String name, int capacity) {
        this.name = name;
        this.capacity = capacity;
        this.ring = new byte[capacity][];
    }

    String name() {
        return name;
    }

    /**
     * @param value the message
     * @return its offset
     */
    long append(byte[] value) {
        lock.lock();
        try {
            long offset = endOffset++;
            ring[slot(offset)] = value;
            if (endOffset - firstOffset > capacity) {
                firstOffset++; // the oldest message was just overwritten
            }
            appended.signalAll();
            return offset;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes a group known; a new group starts at the oldest retained message or at the end.
     *
     * @param group the consumer group id
     * @param fromOldest true to start at the oldest retained message
     */
    void join(String group, boolean fromOldest) {
        lock.lock();
        try {
            groupPositions.putIfAbsent(group, fromOldest ? firstOffset : endOffset);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the group's next message, waiting for one.
     *
     * @param group a group that has {@link #join joined}
     * @param stopped checked while waiting; true ends the wait
     * @return the message, or null once {@code stopped} is true
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Entry take(String group, BooleanSupplier stopped) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (stopped.getAsBoolean()) {
                    return null;
                }
                long position = groupPositions.get(group);
                long skipped = 0;
                if (position < firstOffset) {
                    skipped = firstOffset - position;
                    position = firstOffset;
                }
                if (position < endOffset) {
                    groupPositions.put(group, position + 1);
                    return new Entry(ring[slot(position)], position, skipped);
                }
                // A bounded wait as well as the signal, so a stop flag set without wakeAll() is seen too.
                appended.await(1, TimeUnit.SECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting consumer so it re-checks its stop flag. */
    void wakeAll() {
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private int slot(long offset) {
        return (int) (offset % capacity);
    }
}
