package p2p.kafka.memory;

import p2p.kafka.KafkaStats;
import p2p.kafka.MessageProducer;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Appends to a {@link MemoryTopic}; delivery is immediate, so nothing is ever pending or dropped. */
final class MemoryProducer implements MessageProducer {

    private final MemoryTopic topic;
    private final KafkaStats stats;
    private volatile boolean closed;

    MemoryProducer(MemoryTopic topic, KafkaStats stats) {
        this.topic = topic;
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    @Override
    public String topic() {
        return topic.name();
    }

    @Override
    public CompletableFuture<Void> send(String key, byte[] value) {
        Objects.requireNonNull(value, "value");
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("producer for memory topic "
                    + topic.name() + " is closed"));
        }
        topic.append(value);
        stats.recordProduced();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public int pending() {
        return 0;
    }

    @Override
    public boolean brokersReachable() {
        return true;
    }

    @Override
    public KafkaStats stats() {
        return stats;
    }

    @Override
    public void close() {
        closed = true;
    }
}
