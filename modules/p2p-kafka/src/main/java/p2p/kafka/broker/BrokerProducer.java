package p2p.kafka.broker;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import p2p.kafka.ClientOptions;
import p2p.kafka.KafkaStats;
import p2p.kafka.KafkaUrl;
import p2p.kafka.MessageProducer;
import p2p.kafka.ProducerBufferFullException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A producer on kafka-clients (idempotent, {@code acks=all}) with a bounded buffer in front, so announcements
 * accepted during a broker outage are delivered when the brokers return.
 *
 * <p>{@link #send} only counts and queues; a virtual sender thread first creates the topic when absent, then hands
 * queued values to kafka-clients. kafka-clients retries a record by itself until {@code delivery.timeout.ms}; when
 * that expires (a long outage) the value goes back in the queue and is re-sent after a backoff, for as long as it
 * takes. A value leaves the buffer only when acknowledged or failed for a reason re-sending cannot cure. At most
 * {@code producerBufferLimit} values wait at once; beyond it {@code send} refuses and counts a drop.
 * Delivery is at least once: a value whose acknowledgement was lost in the outage may be written twice.
 */
public final class BrokerProducer implements MessageProducer {

    private static final Logger LOG = Logger.getLogger(BrokerProducer.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration QUEUE_POLL = Duration.ofMillis(200);

    private final KafkaUrl url;
    private final ClientOptions options;
    private final KafkaStats stats;
    private final BrokerAdmin admin;
    private volatile Producer<byte[], byte[]> producer; // built by the sender thread once the topic exists
    private final DelayQueue<Outgoing> queue = new DelayQueue<>(); // values waiting for the sender thread
    private final AtomicInteger pending = new AtomicInteger();      // accepted and neither delivered nor given up
    private final Object drained = new Object();                    // notified when pending reaches 0
    private final AtomicLong sequence = new AtomicLong();           // FIFO among values ready at the same instant
    private final AtomicLong dropsHere = new AtomicLong();
    private final AtomicBoolean degraded = new AtomicBoolean();     // a delivery failed since the last success
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicBoolean closeOnce = new AtomicBoolean();
    private final Thread sender;
    private volatile boolean closed; // set by the one close(); read by send() and the callbacks

    /**
     * Starts the producer; returns at once even when no broker answers.
     *
     * @param url a {@code kafka://} URL
     * @param options client tuning (buffer bound, timeouts)
     * @param stats where to count
     */
    public BrokerProducer(KafkaUrl url, ClientOptions options, KafkaStats stats) {
        this.url = Objects.requireNonNull(url, "url");
        this.options = Objects.requireNonNull(options, "options");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.admin = new BrokerAdmin(url, options);
        this.sender = Thread.ofVirtual().name("kafka-producer-" + url.topic()).start(this::run);
    }

    @Override
    public String topic() {
        return url.topic();
    }

    @Override
    public CompletableFuture<Void> send(String key, byte[] value) {
        Objects.requireNonNull(value, "value");
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("Kafka producer for "
                    + url.describe() + " is closed"));
        }
        if (pending.incrementAndGet() > options.producerBufferLimit()) {
            pending.decrementAndGet();
            stats.recordDropped();
            long drops = dropsHere.incrementAndGet();
            if (drops == 1 || drops % 1_000 == 0) {
                LOG.warning(() -> "Kafka topic " + url.describe() + ": buffer of " + options.producerBufferLimit()
                        + " undelivered messages is full; " + drops + " messages dropped so far");
            }
            return CompletableFuture.failedFuture(new ProducerBufferFullException(url.topic(),
                    options.producerBufferLimit()));
        }
        Outgoing out = new Outgoing(key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value,
                sequence.incrementAndGet());
        queue.add(out);
        if (closed && queue.remove(out)) { // close() drained the queue between the check above and the add
            stats.recordFailed();
            finish(out, new IllegalStateException("Kafka producer for " + url.describe() + " is closed"));
        }
        return out.future;
    }

    @Override
    public int pending() {
        return pending.get();
    }

    @Override
    public boolean brokersReachable() {
        return admin.reachable();
    }

    @Override
    public KafkaStats stats() {
        return stats;
    }

    private void run() {
        if (!admin.awaitTopic(stopping) || !createProducer()) {
            return;
        }
        try {
            while (stopping.getCount() > 0) {
                Outgoing out = queue.poll(QUEUE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (out != null) {
                    dispatch(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds the kafka-clients producer, retrying while it cannot be built; false if stopped first. */
    private boolean createProducer() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer = new KafkaProducer<>(ClientConfigs.producer(url, options), new ByteArraySerializer(),
                        new ByteArraySerializer());
                return true;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Kafka producer for " + url.describe() + " cannot be built yet; retrying", e);
            }
            if (Backoff.stoppedWhilePausing(stopping, FIRST_BACKOFF, options.maxRetryBackoff(), attempt)) {
                return false;
            }
        }
    }

    private void dispatch(Outgoing out) {
        try {
            producer.send(new ProducerRecord<>(url.topic(), out.key, out.value), (metadata, error) -> onResult(out, error));
        } catch (RuntimeException e) {
            // send() throws, rather than calling back, when metadata is missing for max.block.ms or it is closed.
            onResult(out, e);
        }
    }

    private void onResult(Outgoing out, Exception error) {
        if (error == null) {
            stats.recordProduced();
            if (degraded.compareAndSet(true, false)) {
                LOG.info(() -> "Kafka topic " + url.describe() + ": delivering again; " + pending.get()
                        + " messages pending");
            }
            finish(out, null);
        } else if (!closed && error instanceof RetriableException) {
            stats.recordRetried();
            if (degraded.compareAndSet(false, true)) {
                LOG.warning(() -> "Kafka topic " + url.describe() + ": delivery failed (" + error
                        + "); keeping up to " + options.producerBufferLimit() + " messages and re-sending");
            }
            out.attempts++;
            out.readyAtNanos = System.nanoTime()
                    + Backoff.delay(FIRST_BACKOFF, options.maxRetryBackoff(), out.attempts).toNanos();
            queue.add(out);
            if (closed && queue.remove(out)) { // close() began between the check above and the add
                stats.recordFailed();
                finish(out, error);
            }
        } else {
            stats.recordFailed();
            if (!closed) {
                LOG.log(Level.WARNING, "Kafka topic " + url.describe() + ": message of " + out.value.length
                        + " bytes given up", error);
            }
            finish(out, error);
        }
    }

    private void finish(Outgoing out, Exception error) {
        if (error == null) {
            out.future.complete(null);
        } else {
            out.future.completeExceptionally(error);
        }
        if (pending.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /**
     * Refuses new values, waits up to the close timeout for pending ones, then stops; values still undelivered fail
     * and are counted as failed.
     */
    @Override
    public void close() {
        if (!closeOnce.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + options.closeTimeout().toNanos();
        synchronized (drained) {
            long left;
            while (pending.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        stopping.countDown();
        sender.interrupt(); // it may be blocked in send() waiting for metadata of an unreachable cluster
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // In-flight records still unacknowledged fail through their callbacks, which count them now that closed is set.
        Producer<byte[], byte[]> built = producer; // final once the sender has ended
        if (built != null) {
            built.close(Duration.ZERO);
        }
        List<Outgoing> left = new ArrayList<>();
        queue.drainTo(left);
        for (Outgoing out : left) {
            stats.recordFailed();
            finish(out, new IllegalStateException("Kafka producer for " + url.describe()
                    + " closed before the message was delivered"));
        }
        int lost = left.size();
        if (lost > 0) {
            LOG.warning(() -> "Kafka topic " + url.describe() + ": closed with " + lost + " messages undelivered");
        }
        admin.close();
    }

    /** A value on its way; its place in the queue is its next attempt time, then its acceptance order. */
    private static final class Outgoing implements Delayed {
        final byte[] key;
        final byte[] value;
        final long order;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        int attempts;          // touched only by the sender thread and the client's callback, never at once
        volatile long readyAtNanos = System.nanoTime();

        Outgoing(byte[] key, byte[] value, long order) {
            this.key = key;
            this.value = value;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(readyAtNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Outgoing o = (Outgoing) other;
            int byTime = Long.compare(readyAtNanos - o.readyAtNanos, 0);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }

        @Override
        public boolean equals(Object other) {
            return other == this;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(order);
        }
    }
}
