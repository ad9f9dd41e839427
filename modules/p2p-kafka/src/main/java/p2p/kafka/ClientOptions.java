package p2p.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the clients {@link KafkaClients} builds; the defaults suit production, tests shorten the timeouts.
 *
 * @param producerBufferLimit undelivered messages a producer holds before it drops new ones
 * @param memoryTopicCapacity messages each in-process topic retains
 * @param deliveryTimeout how long kafka-clients tries one send before this layer re-sends it
 *        ({@code delivery.timeout.ms}; at least {@code requestTimeout})
 * @param requestTimeout one broker request's timeout ({@code request.timeout.ms})
 * @param maxRetryBackoff the longest wait between re-sends, topic creation attempts and consumer restarts
 * @param probeTimeout how long {@code brokersReachable()} waits for the cluster to answer
 * @param closeTimeout how long {@code close()} waits for pending messages and for the clients to stop
 */
public record ClientOptions(int producerBufferLimit, int memoryTopicCapacity, Duration deliveryTimeout,
                            Duration requestTimeout, Duration maxRetryBackoff, Duration probeTimeout,
                            Duration closeTimeout) {

    /** Checks every bound is positive. */
    public ClientOptions {
        if (producerBufferLimit < 1) {
            throw new IllegalArgumentException("producerBufferLimit must be positive, got " + producerBufferLimit);
        }
        if (memoryTopicCapacity < 1) {
            throw new IllegalArgumentException("memoryTopicCapacity must be positive, got " + memoryTopicCapacity);
        }
        for (Duration d : new Duration[] {deliveryTimeout, requestTimeout, maxRetryBackoff, probeTimeout,
                closeTimeout}) {
            Objects.requireNonNull(d, "timeouts");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
        if (deliveryTimeout.compareTo(requestTimeout) < 0) {
            throw new IllegalArgumentException("deliveryTimeout " + deliveryTimeout + " is shorter than requestTimeout "
                    + requestTimeout);
        }
    }

    /** @return production defaults: 10,000 buffered messages, kafka-clients' own 2 minute delivery timeout */
    public static ClientOptions defaults() {
        return new ClientOptions(KafkaSettings.DEFAULT_PRODUCER_BUFFER_LIMIT, 10_000, Duration.ofMinutes(2),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /**
     * @param settings the configured settings
     * @return the defaults with the settings' producer buffer bound
     */
    public static ClientOptions from(KafkaSettings settings) {
        return defaults().withProducerBufferLimit(settings.producerBufferLimit());
    }

    /**
     * @param limit the producer buffer bound
     * @return a copy with that bound
     */
    public ClientOptions withProducerBufferLimit(int limit) {
        return new ClientOptions(limit, memoryTopicCapacity, deliveryTimeout, requestTimeout, maxRetryBackoff,
                probeTimeout, closeTimeout);
    }
}
