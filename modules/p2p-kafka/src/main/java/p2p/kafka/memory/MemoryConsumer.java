package p2p.kafka.memory;

import p2p.kafka.KafkaStats;
import p2p.kafka.MessageConsumer;
import p2p.kafka.MessageHandler;
import p2p.kafka.support.HandlerInvoker;

import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Takes a group's messages from a {@link MemoryTopic} on a virtual thread and hands them to the handler. */
final class MemoryConsumer implements MessageConsumer {

    private static final Logger LOG = Logger.getLogger(MemoryConsumer.class.getName());

    private final MemoryTopic topic;
    private final String groupId;
    private final boolean fromOldest;
    private final HandlerInvoker invoker;
    private final KafkaStats stats;
    private volatile boolean closed;
    private Thread worker; // set once by start(); read by close()

    MemoryConsumer(MemoryTopic topic, String groupId, boolean fromOldest, MessageHandler handler, KafkaStats stats) {
        this.topic = topic;
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.fromOldest = fromOldest;
        this.stats = Objects.requireNonNull(stats, "stats");
        this.invoker = new HandlerInvoker(topic.name(), handler, stats);
    }

    @Override
    public String topic() {
        return topic.name();
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public synchronized void start() {
        if (worker != null) {
            throw new IllegalStateException("consumer of memory topic " + topic.name() + " already started");
        }
        if (closed) {
            throw new IllegalStateException("consumer of memory topic " + topic.name() + " is closed");
        }
        // Join before returning, so a message produced right after start() is seen even with replay off.
        topic.join(groupId, fromOldest);
        worker = Thread.ofVirtual().name("kafka-memory-" + topic.name() + "-" + groupId).start(this::run);
    }

    private void run() {
        try {
            while (true) {
                MemoryTopic.Entry entry = topic.take(groupId, () -> closed);
                if (entry == null) {
                    return;
                }
                if (entry.skipped() > 0) {
                    stats.recordSkipped(entry.skipped());
                    LOG.warning(() -> "memory topic " + topic.name() + " group " + groupId + ": " + entry.skipped()
                            + " messages removed by retention before they were consumed");
                }
                invoker.invoke(entry.value(), "offset " + entry.offset());
            }
        } catch (InterruptedException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "consumer of memory topic " + topic.name() + " interrupted; stopped", e);
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "consumer of memory topic " + topic.name() + " group " + groupId + " stopped", e);
            throw e;
        }
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
        Thread running;
        synchronized (this) {
            closed = true;
            running = worker;
        }
        topic.wakeAll();
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
