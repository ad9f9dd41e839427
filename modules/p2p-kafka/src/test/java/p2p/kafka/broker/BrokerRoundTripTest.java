package p2p.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import p2p.kafka.ClientOptions;
import p2p.kafka.KafkaClients;
import p2p.kafka.KafkaStats;
import p2p.kafka.KafkaUrl;
import p2p.kafka.MessageBusContract;
import p2p.kafka.MessageConsumer;
import p2p.kafka.MessageProducer;
import p2p.kafka.MessageRejectedException;
import p2p.kafka.ProtobufHandler;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaInvalidBlockTopicMessage;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.kafka.message.KafkaSubtreeTopicMessage;
import p2p.testkit.Await;
import p2p.testkit.kafka.TestBroker;

/** Producers and consumers against a real KRaft broker (the shared one): the bus contract, then what is Kafka's own. */
class BrokerRoundTripTest extends MessageBusContract {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static TestBroker broker;
    private static KafkaClients clients;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.shared();
        clients = new KafkaClients(TestOptions.fast(1_000));
    }

    @Override
    protected KafkaClients clients() {
        return clients;
    }

    @Override
    protected KafkaUrl newTopic(String base) {
        return url(uniqueTopic(base));
    }

    @Override
    protected Duration waitLimit() {
        return WAIT;
    }

    private static String uniqueTopic(String base) {
        return base + "-" + ProcessHandle.current().pid() + "-" + TOPICS.incrementAndGet();
    }

    private static KafkaUrl url(String topicAndQuery) {
        return KafkaUrl.parse("kafka_testConfig", broker.url(topicAndQuery));
    }

    /** Sends one message through a real topic and returns what the consumer decoded. */
    private static <T extends MessageLite> T roundTrip(String base, T message, Parser<T> parser) throws Exception {
        KafkaUrl url = url(uniqueTopic(base));
        List<T> got = new CopyOnWriteArrayList<>();
        KafkaStats consumerStats = new KafkaStats();
        KafkaStats producerStats = new KafkaStats();
        try (MessageProducer producer = clients.producer(url, producerStats);
             MessageConsumer consumer = clients.consumer(url, "p2p-test", ProtobufHandler.of(parser, got::add),
                     consumerStats)) {
            consumer.start();
            producer.send(message.toByteArray()).get(60, TimeUnit.SECONDS);
            Await.until("the message on " + url.topic(), WAIT, () -> !got.isEmpty());
            assertEquals(1, producerStats.produced());
            assertEquals(1, consumerStats.consumed());
            assertEquals(0, consumerStats.rejected());
            return got.getFirst();
        }
    }

    @Test
    void blockMessageArrivesDecoded() throws Exception {
        var sent = KafkaBlockTopicMessage.newBuilder().setHash("ab".repeat(32)).setURL("https://peer:8090").build();
        assertEquals(sent, roundTrip("blocks", sent, KafkaBlockTopicMessage.parser()));
    }

    @Test
    void subtreeMessageArrivesDecoded() throws Exception {
        var sent = KafkaSubtreeTopicMessage.newBuilder().setHash("cd".repeat(32)).setURL("https://peer:8090").build();
        assertEquals(sent, roundTrip("subtrees", sent, KafkaSubtreeTopicMessage.parser()));
    }

    @Test
    void rejectedTxMessageArrivesDecoded() throws Exception {
        var sent = KafkaRejectedTxTopicMessage.newBuilder().setTxHash("ef".repeat(32)).setReason("missing inputs")
                .build();
        assertEquals(sent, roundTrip("rejectedtx", sent, KafkaRejectedTxTopicMessage.parser()));
    }

    @Test
    void invalidBlockMessageArrivesDecoded() throws Exception {
        var sent = KafkaInvalidBlockTopicMessage.newBuilder().setBlockHash("01".repeat(32)).setReason("bad merkle root")
                .build();
        assertEquals(sent, roundTrip("invalid-blocks", sent, KafkaInvalidBlockTopicMessage.parser()));
    }

    @Test
    void producerCreatesAbsentTopicWithTheUrlsPartitionsAndRetention() throws Exception {
        String topic = uniqueTopic("created");
        try (MessageProducer producer = clients.producer(url(topic + "?partitions=3&retention=120000"),
                new KafkaStats());
             Admin admin = broker.admin()) {
            producer.send(new byte[] {1}).get(60, TimeUnit.SECONDS);
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            assertEquals(3, description.partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
            assertEquals("120000", config.get(TopicConfig.RETENTION_MS_CONFIG).value());
            assertEquals("120000", config.get(TopicConfig.SEGMENT_MS_CONFIG).value());
        }
    }

    @Test
    void existingTopicKeepsItsPartitions() throws Exception {
        String topic = uniqueTopic("existing");
        try (MessageProducer first = clients.producer(url(topic + "?partitions=2"), new KafkaStats())) {
            first.send(new byte[] {1}).get(60, TimeUnit.SECONDS);
        }
        try (MessageProducer second = clients.producer(url(topic + "?partitions=5"), new KafkaStats());
             Admin admin = broker.admin()) {
            second.send(new byte[] {2}).get(60, TimeUnit.SECONDS);
            assertEquals(2, admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().size());
        }
    }

    @Test
    void everyPartitionIsConsumedByTheGroupsConsumers() throws Exception {
        KafkaUrl url = url(uniqueTopic("spread") + "?partitions=4&consumer_ratio=2");
        assertEquals(2, url.consumerCount());
        Set<String> got = ConcurrentHashMap.newKeySet();
        KafkaStats stats = new KafkaStats();
        try (MessageProducer producer = clients.producer(url, new KafkaStats());
             MessageConsumer consumer = clients.consumer(url, "spread-group",
                     v -> got.add(new String(v, StandardCharsets.UTF_8)), stats)) {
            consumer.start();
            for (int i = 0; i < 200; i++) {
                producer.send(("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            Await.until(() -> "200 messages, have " + got.size(), WAIT, () -> got.size() == 200);
            assertEquals(200, stats.consumed());
        }
    }

    /** The contract counts rejections; on a broker they must also be committed past, or a restart redelivers them. */
    @Test
    void handlerRejectionOrFailureIsCommittedPast() throws Exception {
        KafkaUrl url = url(uniqueTopic("rejecting"));
        List<String> handled = new CopyOnWriteArrayList<>();
        KafkaStats stats = new KafkaStats();
        try (MessageProducer producer = clients.producer(url, new KafkaStats())) {
            try (MessageConsumer consumer = clients.consumer(url, "rejecting-group", v -> {
                String s = new String(v, StandardCharsets.UTF_8);
                if (s.startsWith("reject")) {
                    throw new MessageRejectedException("unwanted " + s, null);
                }
                if (s.startsWith("fail")) {
                    throw new IllegalStateException("handler bug on " + s);
                }
                handled.add(s);
            }, stats)) {
                consumer.start();
                for (String s : List.of("reject1", "fail1", "ok1")) {
                    producer.send(s.getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
                }
                Await.until("three messages handled", WAIT, () -> stats.consumed() + stats.rejected() == 3);
                assertEquals(List.of("ok1"), handled);
                assertEquals(2, stats.rejected());
            }
            // A new member of the same group starts after the committed offsets: nothing is handed out again.
            List<String> later = new CopyOnWriteArrayList<>();
            try (MessageConsumer again = clients.consumer(url, "rejecting-group",
                    v -> later.add(new String(v, StandardCharsets.UTF_8)), new KafkaStats())) {
                again.start();
                producer.send("marker".getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
                Await.until("the marker", WAIT, () -> !later.isEmpty());
                assertEquals(List.of("marker"), later);
            }
        }
    }

    @Test
    void malformedProtobufIsRejectedAndTheConsumerContinues() throws Exception {
        KafkaUrl url = url(uniqueTopic("rejectedtx-garbage"));
        List<KafkaRejectedTxTopicMessage> got = new CopyOnWriteArrayList<>();
        KafkaStats stats = new KafkaStats();
        var good = KafkaRejectedTxTopicMessage.newBuilder().setTxHash("aa").setReason("r").build();
        try (MessageProducer producer = clients.producer(url, new KafkaStats());
             MessageConsumer consumer = clients.consumer(url, "garbage-group",
                     ProtobufHandler.of(KafkaRejectedTxTopicMessage.parser(), got::add), stats)) {
            consumer.start();
            producer.send(new byte[] {0x0a, (byte) 0xff}); // field 1, truncated length varint
            producer.send(new byte[] {0x0a, 0x05, 'a'});    // field 1 claims 5 bytes, has 1
            producer.send(good.toByteArray());
            Await.until("three messages handled", WAIT, () -> stats.consumed() + stats.rejected() == 3);
            assertEquals(List.of(good), got);
            assertEquals(2, stats.rejected());
            assertEquals(1, stats.consumed());
        }
    }

    @Test
    void probeSeesTheBrokerAndNotAClosedPort() throws Exception {
        KafkaUrl nowhere = KafkaUrl.parse("kafka_testConfig", "kafka://127.0.0.1:" + TestPorts.closedPort()
                + "/nowhere");
        try (MessageProducer up = clients.producer(url(uniqueTopic("probe")), new KafkaStats());
             MessageProducer down = clients.producer(nowhere, new KafkaStats())) {
            assertTrue(up.brokersReachable());
            assertFalse(down.brokersReachable());
        }
        try (MessageConsumer consumer = clients.consumer(url(uniqueTopic("probe")), "g", v -> { }, new KafkaStats())) {
            assertTrue(consumer.brokersReachable());
        }
    }

    @Test
    void unresolvableBrokerNameIsAnOutageNotAStartupFailure() {
        KafkaUrl unresolvable = KafkaUrl.parse("kafka_testConfig", "kafka://no-such-broker.invalid:9092/t");
        KafkaStats stats = new KafkaStats();
        MessageProducer producer = clients.producer(unresolvable, stats);
        MessageConsumer consumer = clients.consumer(unresolvable, "g", v -> { }, new KafkaStats());
        consumer.start();
        var future = producer.send(new byte[] {1});
        assertEquals(1, producer.pending());
        assertFalse(producer.brokersReachable());
        assertFalse(consumer.brokersReachable());
        consumer.close();
        producer.close();
        assertTrue(future.isCompletedExceptionally());
        assertEquals(1, stats.failed());
    }

    @Test
    void closeWithAnUnreachableClusterFailsAndCountsPendingMessages() {
        KafkaUrl nowhere = KafkaUrl.parse("kafka_testConfig", "kafka://127.0.0.1:" + TestPorts.closedPort()
                + "/nowhere");
        KafkaStats stats = new KafkaStats();
        MessageProducer producer = clients.producer(nowhere, stats);
        var future = producer.send(new byte[] {1});
        assertEquals(1, producer.pending());
        producer.close();
        assertTrue(future.isCompletedExceptionally());
        assertEquals(1, stats.failed());
        assertEquals(0, stats.produced());
    }
    /** Spec teranode-2026 1.11: the 2026 generation keys its messages by the hash string; unkeyed stays unkeyed. */
    @Test
    void aKeyedValueReachesTheBrokerWithItsKey() throws Exception {
        KafkaUrl url = url(uniqueTopic("keys"));
        try (MessageProducer producer = clients.producer(url, new KafkaStats())) {
            producer.send("00ab", "keyed".getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
            producer.send("plain".getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
        }
        java.util.Map<String, String> keyByValue = new ConcurrentHashMap<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
                ClientConfigs.consumer(url, TestOptions.fast(1_000), "p2p-test-keys"),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(url.topic()));
            Await.until("both records on " + url.topic(), WAIT, () -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    keyByValue.put(new String(record.value(), StandardCharsets.UTF_8),
                            record.key() == null ? "<none>" : new String(record.key(), StandardCharsets.UTF_8));
                }
                return keyByValue.size() == 2;
            });
        }
        assertEquals(java.util.Map.of("keyed", "00ab", "plain", "<none>"), keyByValue);
    }
}
