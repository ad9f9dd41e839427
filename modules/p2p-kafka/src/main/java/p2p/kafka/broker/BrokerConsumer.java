package p2p.kafka.broker;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import p2p.kafka.ClientOptions;
import p2p.kafka.KafkaStats;
import p2p.kafka.KafkaUrl;
import p2p.kafka.MessageConsumer;
import p2p.kafka.MessageHandler;
import p2p.kafka.support.HandlerInvoker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A consumer group member on kafka-clients: {@code max(1, partitions / consumer_ratio)} consumers, each polling on
 * its own virtual thread. Offsets are committed after the handler has returned for each polled batch, never
 * automatically, so a crash re-delivers rather than loses; a message the handler rejects or fails on is counted and
 * committed past like any other (spec/teranode-p2p.md section 4).
 */
public final class BrokerConsumer implements MessageConsumer {

    private static final Logger LOG = Logger.getLogger(BrokerConsumer.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final KafkaUrl url;
    private final String groupId;
    private final ClientOptions options;
    private final KafkaStats stats;
    private final HandlerInvoker invoker;
    private final BrokerAdmin admin;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final List<Consumer<byte[], byte[]>> consumers = new ArrayList<>(); // guarded by this; each polled by its worker only
    private final List<Thread> workers = new ArrayList<>();                      // guarded by this
    private volatile boolean closed;

    /**
     * @param url a {@code kafka://} URL
     * @param groupId the consumer group id
     * @param handler receives each value
     * @param options client tuning
     * @param stats where to count
     */
    public BrokerConsumer(KafkaUrl url, String groupId, MessageHandler handler, ClientOptions options,
                          KafkaStats stats) {
        this.url = Objects.requireNonNull(url, "url");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.options = Objects.requireNonNull(options, "options");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.invoker = new HandlerInvoker(url.topic(), handler, stats);
        this.admin = new BrokerAdmin(url, options);
    }

    @Override
    public String topic() {
        return url.topic();
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public synchronized void start() {
        if (!workers.isEmpty()) {
            throw new IllegalStateException("consumer of " + url.describe() + " already started");
        }
        if (closed) {
            throw new IllegalStateException("consumer of " + url.describe() + " is closed");
        }
        for (int i = 0; i < url.consumerCount(); i++) {
            workers.add(Thread.ofVirtual().name("kafka-consumer-" + url.topic() + "-" + groupId + "-" + i)
                    .start(this::run));
        }
    }

    private void run() {
        if (!admin.awaitTopic(stopping)) {
            return;
        }
        Consumer<byte[], byte[]> consumer = createConsumer();
        if (consumer == null) {
            return;
        }
        try {
            consumer.subscribe(List.of(url.topic()));
            int failures = 0;
            while (!closed) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                    failures = 0;
                } catch (WakeupException e) {
                    continue; // close() woke us; the loop condition ends it
                } catch (InterruptException e) {
                    return;
                } catch (KafkaException e) {
                    failures++;
                    LOG.log(Level.WARNING, "Kafka consumer of " + url.describe() + " group " + groupId
                            + ": poll failed; retrying", e);
                    if (stopping.await(Backoff.delay(FIRST_BACKOFF, options.maxRetryBackoff(), failures).toMillis(),
                            TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    continue;
                }
                handleAndCommit(consumer, records);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "Kafka consumer of " + url.describe() + " group " + groupId + " stopped", e);
            throw e;
        } finally {
            try {
                consumer.close(CloseOptions.timeout(options.closeTimeout()));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing Kafka consumer of " + url.describe(), e);
            }
        }
    }

    /**
     * Builds one kafka-clients consumer on the worker's thread (the only thread that polls it), retrying while it
     * cannot be built; null if stopped first.
     */
    private Consumer<byte[], byte[]> createConsumer() {
        for (int attempt = 1; ; attempt++) {
            try {
                Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(url, options, groupId),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer());
                synchronized (this) {
                    consumers.add(consumer); // so close() can wake it
                }
                return consumer;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Kafka consumer of " + url.describe() + " cannot be built yet; retrying", e);
            }
            if (Backoff.stoppedWhilePausing(stopping, FIRST_BACKOFF, options.maxRetryBackoff(), attempt)) {
                return null;
            }
        }
    }

    private void handleAndCommit(Consumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (closed) {
                break; // the rest stays uncommitted and goes to the group's next consumer
            }
            invoker.invoke(r.value(), "partition " + r.partition() + " offset " + r.offset());
            done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        if (done.isEmpty()) {
            return;
        }
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                consumer.commitSync(done, options.requestTimeout());
                return;
            } catch (WakeupException e) {
                // close() woke the consumer during the commit; the wake-up is spent, commit once more.
            } catch (KafkaException e) {
                // A rebalance or an outage: the group's next owner re-reads these messages (at least once).
                LOG.log(Level.WARNING, "Kafka consumer of " + url.describe() + " group " + groupId
                        + ": commit failed; messages after the last commit may be handled again", e);
                return;
            }
        }
    }

    @Override
    public boolean brokersReachable() {
        return admin.reachable();
    }

    @Override
    public KafkaStats stats() {
        return stats;
    }

    /** Stops polling, lets the handler in progress finish, commits what was handled and leaves the group. */
    @Override
    public void close() {
        List<Thread> running;
        List<Consumer<byte[], byte[]>> started;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = List.copyOf(workers);
            started = List.copyOf(consumers);
        }
        stopping.countDown();
        for (Consumer<byte[], byte[]> consumer : started) {
            consumer.wakeup(); // the one thread-safe consumer method
        }
        for (Thread worker : running) {
            if (worker == Thread.currentThread()) {
                continue; // closed from inside a handler: that worker ends when the handler returns
            }
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        admin.close();
    }
}
