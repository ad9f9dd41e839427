package p2p.kafka;

import p2p.kafka.broker.BrokerConsumer;
import p2p.kafka.broker.BrokerProducer;
import p2p.kafka.memory.MemoryBus;

import java.util.Objects;

/**
 * Builds producers and consumers from {@link KafkaUrl}s: {@code kafka://} URLs get kafka-clients, {@code memory://}
 * URLs get this instance's in-process bus, so one {@code KafkaClients} is one embedded broker: everything it builds
 * for the same memory topic shares messages.
 */
public final class KafkaClients {

    private final ClientOptions options;
    private final MemoryBus memoryBus;

    /** @param options client tuning */
    public KafkaClients(ClientOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.memoryBus = new MemoryBus(options.memoryTopicCapacity());
    }

    /** @return the options clients are built with */
    public ClientOptions options() {
        return options;
    }

    /**
     * @param url where to produce
     * @param stats where to count (may be shared with other clients)
     * @return a producer; for Kafka it creates the topic when absent, in the background
     */
    public MessageProducer producer(KafkaUrl url, KafkaStats stats) {
        Objects.requireNonNull(url, "url");
        if (url.isMemory()) {
            return memoryBus.producer(url.topic(), stats);
        }
        return new BrokerProducer(url, options, stats);
    }

    /**
     * @param url what to consume
     * @param groupId the consumer group id
     * @param handler receives each value on the consumer's thread
     * @param stats where to count (may be shared with other clients)
     * @return a consumer; call {@link MessageConsumer#start()}
     */
    public MessageConsumer consumer(KafkaUrl url, String groupId, MessageHandler handler, KafkaStats stats) {
        Objects.requireNonNull(url, "url");
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("a consumer of " + url.describe() + " needs a group id");
        }
        if (url.isMemory()) {
            return memoryBus.consumer(url.topic(), groupId, url.replay(), handler, stats);
        }
        return new BrokerConsumer(url, groupId, handler, options, stats);
    }
}
