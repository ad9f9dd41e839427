package p2p.kafka.broker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import p2p.kafka.KafkaClients;
import p2p.kafka.KafkaStats;
import p2p.kafka.KafkaUrl;
import p2p.kafka.MessageConsumer;
import p2p.kafka.MessageProducer;
import p2p.kafka.ProducerBufferFullException;
import p2p.testkit.Await;
import p2p.testkit.kafka.TestBroker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker killed and restarted while a producer and a consumer run: nothing accepted is lost, and only messages
 * beyond the producer's buffer bound are dropped. Uses the shared broker (one start less for the suite) and always
 * leaves it running.
 */
class BrokerOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int BOUND = 40;

    private static TestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.shared();
    }

    @AfterAll
    static void leaveBrokerRunning() {
        broker.ensureRunning();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptedMessagesSurviveABrokerCrashAndOnlyOverflowIsDropped() throws Exception {
        KafkaClients clients = new KafkaClients(TestOptions.fast(BOUND));
        KafkaUrl url = KafkaUrl.parse("kafka_blocksConfig", broker.url("outage-" + ProcessHandle.current().pid() + "?partitions=2"));
        KafkaStats producerStats = new KafkaStats();
        KafkaStats consumerStats = new KafkaStats();
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (MessageProducer producer = clients.producer(url, producerStats);
             MessageConsumer consumer = clients.consumer(url, "outage-group",
                     v -> received.add(new String(v, StandardCharsets.UTF_8)), consumerStats)) {
            consumer.start();
            for (int i = 0; i < 10; i++) {
                producer.send(bytes("before-" + i)).get(60, TimeUnit.SECONDS);
            }
            Await.until("messages sent before the crash", WAIT, () -> received.size() == 10);

            broker.kill();
            assertFalse(producer.brokersReachable());

            List<CompletableFuture<Void>> accepted = new ArrayList<>();
            for (int i = 0; i < BOUND; i++) {
                accepted.add(producer.send(bytes("during-" + i)));
            }
            List<CompletableFuture<Void>> overflow = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                overflow.add(producer.send(bytes("overflow-" + i)));
            }
            for (CompletableFuture<Void> f : overflow) {
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                assertInstanceOf(ProducerBufferFullException.class, e.getCause());
            }
            assertEquals(5, producerStats.dropped());
            assertEquals(BOUND, producer.pending());
            // kafka-clients gives up on a record after its delivery timeout; the producer must re-send it.
            Await.until("a re-send during the outage", WAIT, () -> producerStats.retried() > 0);
            assertTrue(accepted.stream().noneMatch(CompletableFuture::isDone));

            broker.restart();

            CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
            Await.until(() -> "every accepted message consumed, have " + received.size(), WAIT,
                    () -> received.size() == 10 + BOUND);
            for (int i = 0; i < BOUND; i++) {
                assertTrue(received.contains("during-" + i), "during-" + i);
            }
            assertTrue(received.stream().noneMatch(s -> s.startsWith("overflow")));
            assertEquals(5, producerStats.dropped());
            assertEquals(0, producerStats.failed());
            assertEquals(0, producer.pending());
            assertTrue(producer.brokersReachable());

            // After recovery the bound applies afresh: the producer accepts and delivers again.
            producer.send(bytes("after")).get(60, TimeUnit.SECONDS);
            Await.until("the message after recovery", WAIT, () -> received.contains("after"));
        }
    }
}
