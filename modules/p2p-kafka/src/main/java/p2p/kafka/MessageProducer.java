package p2p.kafka;

import java.util.concurrent.CompletableFuture;

/**
 * Produces values to one topic: without a key, as July-2025 Teranode's announcements, or keyed by a string (the
 * 2026 generation keys announcements by their hash, spec teranode-2026 1.11). Implementations never block the caller:
 * {@link #send} queues the value and returns at once, so it may be called from an event loop.
 */
public interface MessageProducer extends AutoCloseable {

    /** @return the topic this producer writes to */
    String topic();

    /**
     * Accepts a value for delivery. An accepted value is kept and re-sent until the broker acknowledges it, across
     * broker outages; delivery is at least once.
     *
     * @param value the message bytes (not copied: do not change them afterwards)
     * @return completes when the value is delivered; fails with {@link ProducerBufferFullException} at once when
     *         the producer already holds its bound of undelivered values (counted as dropped), or with the cause
     *         when delivery is impossible (counted as failed), or with {@link IllegalStateException} after close.
     *         It may complete on the Kafka client's network thread: attach only short actions, or use the
     *         {@code ...Async} variants
     */
    default CompletableFuture<Void> send(byte[] value) {
        return send(null, value);
    }

    /**
     * As {@link #send(byte[])}, with {@code key} (UTF-8) as the record's key; null for none. The in-process bus keeps
     * no keys: it has no partitions for a key to choose.
     */
    CompletableFuture<Void> send(String key, byte[] value);

    /** @return values accepted and not yet delivered */
    int pending();

    /**
     * @return whether the brokers answer now (always true for the in-process bus); for readiness checks. Blocks up to
     *         the probe timeout: call it from a virtual thread, never an event loop
     */
    boolean brokersReachable();

    /** @return this producer's counters */
    KafkaStats stats();

    /**
     * Stops the producer, first waiting a short while for pending values; values still undelivered then fail.
     */
    @Override
    void close();
}
