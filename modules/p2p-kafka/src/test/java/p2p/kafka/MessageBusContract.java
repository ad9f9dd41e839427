package p2p.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import p2p.testkit.Await;

/**
 * What every message bus behind {@link MessageProducer} and {@link MessageConsumer} must do, whichever {@code kafka_*}
 * URL scheme made it (spec section 4): order on one topic, separate topics, and handler rejections and failures
 * counted and passed over. The in-memory bus ({@code memory://}) and the real broker ({@code kafka://}) extend it and
 * add what is theirs, in the manner of jvm-libp2p's muxer contract tests.
 */
public abstract class MessageBusContract {

    /** The clients under test. */
    protected abstract KafkaClients clients();

    /** A URL for a topic no other test uses, named after {@code base}. */
    protected abstract KafkaUrl newTopic(String base);

    /** How long a message may take to go round. */
    protected abstract Duration waitLimit();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private void sendAll(MessageProducer producer, List<String> values) throws Exception {
        for (String value : values) {
            producer.send(bytes(value)).get(waitLimit().toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void producerAndConsumerOfOneTopicSeeEachOtherInOrder() throws Exception {
        KafkaUrl topic = newTopic("ordered");
        List<String> got = new CopyOnWriteArrayList<>();
        KafkaStats consumerStats = new KafkaStats();
        KafkaStats producerStats = new KafkaStats();
        try (MessageConsumer consumer = clients().consumer(topic, "g", v -> got.add(text(v)), consumerStats);
             MessageProducer producer = clients().producer(topic, producerStats)) {
            consumer.start();
            List<String> sent = IntStream.range(0, 100).mapToObj(i -> "m" + i).toList();
            sendAll(producer, sent);
            Await.until(() -> "100 messages, have " + got.size(), waitLimit(), () -> got.size() == 100);
            assertEquals(sent, got);
            assertEquals(100, producerStats.produced());
            assertEquals(100, consumerStats.consumed());
            assertEquals(0, producer.pending());
            assertTrue(producer.brokersReachable() && consumer.brokersReachable());
        }
    }

    @Test
    void topicsAreSeparate() throws Exception {
        KafkaUrl a = newTopic("a");
        KafkaUrl b = newTopic("b");
        List<String> got = new CopyOnWriteArrayList<>();
        try (MessageConsumer consumer = clients().consumer(a, "g", v -> got.add(text(v)), new KafkaStats());
             MessageProducer toA = clients().producer(a, new KafkaStats());
             MessageProducer toB = clients().producer(b, new KafkaStats())) {
            consumer.start();
            sendAll(toB, List.of("for b"));
            sendAll(toA, List.of("for a"));
            Await.until("message on a", waitLimit(), () -> !got.isEmpty());
            sendAll(toA, List.of("again a"));
            Await.until("second message on a", waitLimit(), () -> got.size() == 2);
            assertEquals(List.of("for a", "again a"), got);
        }
    }

    /** A rejected or failing message must not stop the consumer (spec section 4: the Go handlers log and go on). */
    @Test
    void rejectedAndFailingMessagesAreCountedAndPassedOver() throws Exception {
        KafkaUrl topic = newTopic("rejecting");
        KafkaStats stats = new KafkaStats();
        List<String> got = new CopyOnWriteArrayList<>();
        try (MessageConsumer consumer = clients().consumer(topic, "g", v -> {
            String s = text(v);
            if (s.startsWith("bad")) {
                throw new MessageRejectedException("bad value " + s, null);
            }
            if (s.startsWith("boom")) {
                throw new IllegalStateException("handler bug on " + s);
            }
            got.add(s);
        }, stats);
             MessageProducer producer = clients().producer(topic, new KafkaStats())) {
            consumer.start();
            sendAll(producer, List.of("ok1", "bad1", "boom1", "ok2", "bad2", "ok3"));
            Await.until("all six handled", waitLimit(), () -> stats.consumed() + stats.rejected() == 6);
            assertEquals(List.of("ok1", "ok2", "ok3"), got);
            assertEquals(3, stats.consumed());
            assertEquals(3, stats.rejected());
        }
    }
}
