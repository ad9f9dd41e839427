package p2p.kafka.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import p2p.kafka.ClientOptions;
import p2p.kafka.KafkaClients;
import p2p.kafka.KafkaStats;
import p2p.kafka.KafkaUrl;
import p2p.kafka.MessageBusContract;
import p2p.kafka.MessageConsumer;
import p2p.kafka.MessageProducer;
import p2p.testkit.Await;

/** The in-memory bus ({@code memory://}): the bus contract, then groups, replay, retention and close. */
class MemoryBusTest extends MessageBusContract {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final KafkaClients clients = new KafkaClients(ClientOptions.defaults());

    @Override
    protected KafkaClients clients() {
        return clients;
    }

    @Override
    protected KafkaUrl newTopic(String base) {
        return url("memory://" + base);
    }

    @Override
    protected Duration waitLimit() {
        return WAIT;
    }

    /** The in-memory bus hands a message over before send returns: its future is already complete. */
    @Test
    void sendCompletesAtOnce() {
        try (MessageProducer producer = clients.producer(url("memory://at-once"), new KafkaStats())) {
            assertTrue(producer.send(bytes("m")).isDone());
        }
    }

    private static KafkaUrl url(String text) {
        return KafkaUrl.parse("kafka_testConfig", text);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void separateClientsAreSeparateBuses() {
        KafkaStats stats = new KafkaStats();
        KafkaClients other = new KafkaClients(ClientOptions.defaults());
        List<String> got = new CopyOnWriteArrayList<>();
        try (MessageConsumer consumer = clients.consumer(url("memory://t"), "g", v -> got.add(text(v)), stats);
             MessageProducer elsewhere = other.producer(url("memory://t"), new KafkaStats());
             MessageProducer here = clients.producer(url("memory://t"), new KafkaStats())) {
            consumer.start();
            elsewhere.send(bytes("elsewhere"));
            here.send(bytes("here"));
            Await.until("one message", WAIT, () -> stats.consumed() == 1);
            assertEquals(List.of("here"), got);
        }
    }

    @Test
    void everyGroupSeesEveryMessageAndOneGroupSharesThem() {
        List<String> groupA1 = new CopyOnWriteArrayList<>();
        List<String> groupA2 = new CopyOnWriteArrayList<>();
        List<String> groupB = new CopyOnWriteArrayList<>();
        try (MessageConsumer a1 = clients.consumer(url("memory://shared"), "a", v -> groupA1.add(text(v)),
                new KafkaStats());
             MessageConsumer a2 = clients.consumer(url("memory://shared"), "a", v -> groupA2.add(text(v)),
                     new KafkaStats());
             MessageConsumer b = clients.consumer(url("memory://shared"), "b", v -> groupB.add(text(v)),
                     new KafkaStats());
             MessageProducer producer = clients.producer(url("memory://shared"), new KafkaStats())) {
            a1.start();
            a2.start();
            b.start();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                sent.add("m" + i);
                producer.send(bytes("m" + i));
            }
            Await.until("group b has all", WAIT, () -> groupB.size() == 500);
            Await.until("group a has all", WAIT, () -> groupA1.size() + groupA2.size() == 500);
            assertEquals(sent, groupB);
            List<String> unionA = new ArrayList<>(groupA1);
            unionA.addAll(groupA2);
            Collections.sort(unionA);
            List<String> sortedSent = new ArrayList<>(sent);
            Collections.sort(sortedSent);
            assertEquals(sortedSent, unionA);
        }
    }

    @Test
    void newGroupReplaysRetainedMessagesUnlessReplayIsOff() {
        try (MessageProducer producer = clients.producer(url("memory://replay"), new KafkaStats())) {
            producer.send(bytes("old"));
            List<String> replaying = new CopyOnWriteArrayList<>();
            List<String> fresh = new CopyOnWriteArrayList<>();
            try (MessageConsumer r = clients.consumer(url("memory://replay"), "r", v -> replaying.add(text(v)),
                    new KafkaStats());
                 MessageConsumer f = clients.consumer(url("memory://replay?replay=0"), "f", v -> fresh.add(text(v)),
                         new KafkaStats())) {
                r.start();
                f.start();
                producer.send(bytes("new"));
                Await.until("both groups got 'new'", WAIT, () -> replaying.size() == 2 && fresh.size() == 1);
                assertEquals(List.of("old", "new"), replaying);
                assertEquals(List.of("new"), fresh);
            }
        }
    }

    @Test
    void retentionKeepsTheNewestMessagesAndCountsWhatAConsumerMissed() throws Exception {
        KafkaClients small = new KafkaClients(new ClientOptions(10, 5, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        KafkaStats stats = new KafkaStats();
        List<String> got = new CopyOnWriteArrayList<>();
        CountDownLatch firstHandled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MessageConsumer consumer = small.consumer(url("memory://ret"), "g", v -> {
            got.add(text(v));
            firstHandled.countDown();
            release.await(); // holds the consumer on message 0 while the producer overruns retention
        }, stats);
             MessageProducer producer = small.producer(url("memory://ret"), new KafkaStats())) {
            consumer.start();
            producer.send(bytes("m0"));
            assertTrue(firstHandled.await(10, TimeUnit.SECONDS));
            for (int i = 1; i < 20; i++) {
                producer.send(bytes("m" + i));
            }
            release.countDown();
            Await.until("the five retained messages", WAIT, () -> got.size() == 6);
            assertEquals(List.of("m0", "m15", "m16", "m17", "m18", "m19"), got);
            assertEquals(14, stats.skipped());
        }
    }

    @Test
    void closeWaitsForTheHandlerAndStopsConsuming() throws Exception {
        KafkaStats stats = new KafkaStats();
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MessageProducer producer = clients.producer(url("memory://close"), new KafkaStats());
        MessageConsumer consumer = clients.consumer(url("memory://close"), "g", v -> {
            inHandler.countDown();
            release.await();
        }, stats);
        consumer.start();
        producer.send(bytes("first"));
        assertTrue(inHandler.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(consumer::close);
        release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertEquals(1, stats.consumed());
        producer.send(bytes("after close"));
        assertEquals(1, stats.consumed() + stats.rejected());
        producer.close();
        assertInstanceOf(IllegalStateException.class,
                assertThrows(Exception.class, () -> producer.send(bytes("x")).join()).getCause());
        assertThrows(IllegalStateException.class, consumer::start);
    }

    @Test
    void manyProducersConcurrentlyLoseNothing() throws Exception {
        KafkaStats stats = new KafkaStats();
        var seen = ConcurrentHashMap.<String>newKeySet();
        try (MessageConsumer consumer = clients.consumer(url("memory://conc"), "g", v -> seen.add(text(v)), stats)) {
            consumer.start();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try (MessageProducer p = clients.producer(url("memory://conc"), new KafkaStats())) {
                        for (int i = 0; i < 500; i++) {
                            p.send(bytes(id + ":" + i));
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            Await.until("4000 messages", WAIT, () -> stats.consumed() == 4000);
            assertEquals(4000, seen.size());
        }
    }
}
