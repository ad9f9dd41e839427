package p2p.kafka;

/**
 * Consumes one topic as a member of a consumer group and passes each value to a {@link MessageHandler} on the
 * consumer's own thread. Offsets are committed only after the handler returns (at-least-once). A message the handler
 * rejects or fails on is logged, counted as rejected, and passed over: it never blocks the partition.
 */
public interface MessageConsumer extends AutoCloseable {

    /** @return the topic consumed */
    String topic();

    /** @return the consumer group id */
    String groupId();

    /** Starts consuming; call once. */
    void start();

    /**
     * @return whether the brokers answer now (always true for the in-process bus); for readiness checks. Blocks up to
     *         the probe timeout: call it from a virtual thread, never an event loop
     */
    boolean brokersReachable();

    /** @return this consumer's counters */
    KafkaStats stats();

    /** Stops consuming and waits for the handler in progress, if any, to return. */
    @Override
    void close();
}
