package p2p.kafka.memory;

import p2p.kafka.KafkaStats;
import p2p.kafka.MessageConsumer;
import p2p.kafka.MessageHandler;
import p2p.kafka.MessageProducer;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The in-process broker behind {@code memory://} URLs (the embedded default): producers and consumers created from
 * the same bus and naming the same topic see each other's messages. Each topic keeps its newest {@code capacity}
 * messages, so a topic nobody consumes (blocks and subtrees when no Teranode runs beside the node) stays bounded.
 */
public final class MemoryBus {

    private final int capacity;
    private final ConcurrentMap<String, MemoryTopic> topics = new ConcurrentHashMap<>(); // created on first use

    /** @param capacity messages each topic retains; at least 1 */
    public MemoryBus(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("memory topic capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * @param topic the topic name
     * @param stats where deliveries are counted
     * @return a producer appending to the topic
     */
    public MessageProducer producer(String topic, KafkaStats stats) {
        return new MemoryProducer(topic(topic), stats);
    }

    /**
     * @param topic the topic name
     * @param groupId the consumer group; consumers of one group share the messages, each group sees all of them
     * @param fromOldest whether a new group starts at the oldest retained message (else only new ones)
     * @param handler receives each message
     * @param stats where outcomes are counted
     * @return a consumer, not started
     */
    public MessageConsumer consumer(String topic, String groupId, boolean fromOldest, MessageHandler handler,
                                    KafkaStats stats) {
        return new MemoryConsumer(topic(topic), groupId, fromOldest, handler, stats);
    }

    private MemoryTopic topic(String name) {
        Objects.requireNonNull(name, "topic");
        return topics.computeIfAbsent(name, n -> new MemoryTopic(n, capacity));
    }
}
