package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2p.app.AppNode.await;
import static p2p.app.AppNode.hash;
import static p2p.app.AppNode.header;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import p2p.chain.BlockHash;
import p2p.chain.pb.GetBlockHeaderResponse;
import p2p.chain.pb.ModelProto.NotificationType;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaInvalidBlockTopicMessage;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.kafka.message.KafkaSubtreeTopicMessage;
import p2p.testkit.kafka.TestBroker;
import p2p.web.pb.Peer;

/**
 * The whole application twice, end to end: two {@link NodeApplication}s on loopback, each started from YAML settings
 * with its four {@code kafka://} topics on one real KRaft broker and its blockchain at a fake gRPC service speaking
 * Teranode's proto; node A dials node B as a static peer. Each test starts a fresh pair and drives A only through its
 * blockchain service and its Kafka topics, then observes B only from outside: B's Kafka topics read with
 * kafka-clients and decoded with the protobuf classes (spec section 4), B's /p2p-ws WebSocket (section 7), gRPC
 * GetPeers and ListBanned, and /metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeKafkaEndToEndTest {
    private static final AtomicInteger PAIRS = new AtomicInteger();
    /** Both nodes start at the same height, so no catch-up traffic mixes with what a test announces. */
    private static final GetBlockHeaderResponse GENESIS = header(0, 0);
    private static final Set<String> BLOCK_KEYS = Set.of("timestamp", "type", "hash", "base_url", "peer_id", "height");
    private static final Set<String> SUBTREE_KEYS = Set.of("timestamp", "type", "hash", "base_url", "peer_id");
    private static final Set<String> MINING_ON_KEYS = Set.of("timestamp", "type", "hash", "base_url", "peer_id",
            "previousblockhash", "tx_count", "height", "size_in_bytes", "miner");
    private static final Set<String> REJECTED_TX_KEYS = Set.of("timestamp", "type", "hash", "peer_id");

    private static TestBroker broker;
    private static BrokerTopics topics;

    @TempDir
    Path dir;
    private final List<AppNode> nodes = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        // A broker of its own: one test kills and restarts it.
        broker = TestBroker.start();
        topics = new BrokerTopics(broker);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AppNode node : nodes.reversed()) {
            node.close();
        }
    }

    private AppNode node(String name, GetBlockHeaderResponse best, List<String> staticPeers) throws Exception {
        AppNode node = AppNode.start(name, dir, broker, "e2e" + PAIRS.get() + "-" + name, best, staticPeers);
        nodes.add(node);
        return node;
    }

    /** B, then A with B as its static peer; returns once each has the other's version and verack. */
    private AppNode[] connectedPair() throws Exception {
        PAIRS.incrementAndGet();
        AppNode b = node("b", GENESIS, List.of());
        AppNode a = node("a", GENESIS, List.of(b.multiaddr));
        await("a and b list each other in GetPeers", () -> b.peer(a).isPresent() && a.peer(b).isPresent());
        // Each side's version and verack arrive on the direct stream (no topic broadcast per connection, issue 12):
        // two accepted handshakes each leave no late handshake to move a height a test is about to check. Gossip
        // flows both ways once each lists the other as a subscriber of every topic it subscribes.
        await("both handshakes done", () -> a.accepted("handshake") >= 2 && b.accepted("handshake") >= 2);
        for (String topic : List.of("block", "subtree", "miningon", "handshake")) {
            await("a and b see each other on " + topic, () -> a.metric("p2p_topic_peers", "topic", AppNode.gossipTopic(topic))
                    >= 1 && b.metric("p2p_topic_peers", "topic", AppNode.gossipTopic(topic)) >= 1);
        }
        // The DHT (a server in the 2025 profile) lists the other node once identify showed its DHT protocol.
        await("each routing table holds the other", () -> a.metric("p2p_dht_routing_table_peers") >= 1
                && b.metric("p2p_dht_routing_table_peers") >= 1);
        awaitConsumersAssigned(a, b);
        return new AppNode[] {a, b};
    }

    /**
     * Each node's rejected-tx and invalid-blocks consumers hold their partitions, in the node's own consumer group
     * {@code p2p.<clientName>}: a message written before then could wait for a rebalance.
     */
    private static void awaitConsumersAssigned(AppNode... nodes) throws Exception {
        for (AppNode node : nodes) {
            topics.awaitGroupAssigned("p2p." + node.name, Set.of(node.rejectedTxTopic, node.invalidBlocksTopic));
        }
    }

    private static boolean hasBlock(List<byte[]> values, String hash) {
        return values.stream().map(TwoNodeKafkaEndToEndTest::block).anyMatch(m -> m.getHash().equals(hash));
    }

    private static KafkaBlockTopicMessage block(byte[] value) {
        try {
            return KafkaBlockTopicMessage.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a KafkaBlockTopicMessage", e);
        }
    }

    private static void assertTimestamp(Map<String, Object> frame) {
        assertTrue(Instant.parse((String) frame.get("timestamp")).isAfter(Instant.now().minusSeconds(600)), frame::toString);
    }

    @Test
    void blockNotificationOnAReachesBsBlocksTopicWithHashAndUrl() throws Exception {
        AppNode[] pair = connectedPair();
        AppNode a = pair[0];
        AppNode b = pair[1];
        try (AppNode.Notifications bSocket = b.openWebSocket()) {
            GetBlockHeaderResponse mined = header(7, 812_000);
            String hash = hash(mined).toDisplayHex();

            a.mines(mined);

            List<byte[]> values = topics.readUntil(b.blocksTopic, "block " + hash, v -> hasBlock(v, hash));
            assertEquals(List.of(KafkaBlockTopicMessage.newBuilder().setHash(hash).setURL(a.dataHubUrl).build()),
                    values.stream().map(TwoNodeKafkaEndToEndTest::block).toList());
            Map<String, Object> frame = bSocket.await("block", hash);
            assertEquals(BLOCK_KEYS, frame.keySet(), frame::toString);
            assertEquals(a.dataHubUrl, frame.get("base_url"));
            assertEquals(a.peerId, frame.get("peer_id"));
            assertEquals(812_000.0, frame.get("height"));
            assertTimestamp(frame);
            // Block announcements move no peer height (spec 10.1, issue 12): a stays at its handshake height.
            assertEquals(0, b.peer(a).orElseThrow().getCurrentHeight());
            assertEquals(1, b.accepted("block"));
            await("b's /metrics counts the produced message",
                    () -> b.metric("p2p_kafka_produced_total", "url", b.blocksUrl) == 1);
        }
    }

    @Test
    void subtreeNotificationOnAReachesBsSubtreesTopicAndWebSocket() throws Exception {
        AppNode[] pair = connectedPair();
        AppNode a = pair[0];
        AppNode b = pair[1];
        try (AppNode.Notifications bSocket = b.openWebSocket()) {
            String subtree = hash(header(21, 0)).toDisplayHex();

            a.chainNotifies(NotificationType.Subtree, BlockHash.fromDisplayHex(subtree));

            List<byte[]> values = topics.readUntil(b.subtreesTopic, "subtree " + subtree, v -> !v.isEmpty());
            assertEquals(KafkaSubtreeTopicMessage.newBuilder().setHash(subtree).setURL(a.dataHubUrl).build(),
                    KafkaSubtreeTopicMessage.parseFrom(values.getFirst()));
            Map<String, Object> frame = bSocket.await("subtree", subtree);
            assertEquals(SUBTREE_KEYS, frame.keySet(), frame::toString);
            assertEquals(a.dataHubUrl, frame.get("base_url"));
            assertEquals(a.peerId, frame.get("peer_id"));
            assertTimestamp(frame);
        }
    }

    @Test
    void miningOnNotificationOnAReachesBsWebSocketWithEveryKeyAndMovesAsHeight() throws Exception {
        AppNode[] pair = connectedPair();
        AppNode a = pair[0];
        AppNode b = pair[1];
        try (AppNode.Notifications bSocket = b.openWebSocket()) {
            GetBlockHeaderResponse tip = header(22, 900);
            String hash = hash(tip).toDisplayHex();
            a.chain.add(tip);

            a.chainNotifies(NotificationType.MiningOn, hash(tip));

            Map<String, Object> frame = bSocket.await("mining_on", hash);
            assertEquals(MINING_ON_KEYS, frame.keySet(), frame::toString);
            byte[] raw = tip.getBlockHeader().toByteArray();
            assertEquals(BlockHash.fromBytes(Arrays.copyOfRange(raw, 4, 36)).toDisplayHex(), frame.get("previousblockhash"));
            assertEquals(a.dataHubUrl, frame.get("base_url"));
            assertEquals(a.peerId, frame.get("peer_id"));
            assertEquals(900.0, frame.get("height"));
            assertEquals((double) tip.getTxCount(), frame.get("tx_count"));
            assertEquals((double) tip.getSizeInBytes(), frame.get("size_in_bytes"));
            assertEquals(tip.getMiner(), frame.get("miner"));
            assertTimestamp(frame);
            await("b's GetPeers has a at the mining-on height", () -> b.peer(a).orElseThrow().getCurrentHeight() == 900);
            assertEquals(1, b.accepted("miningon"));
        }
    }

    /** Rejected-tx is publish-only, as in Teranode (issue 12): a shows its own, b subscribes to none. */
    @Test
    void rejectedTxFromAsKafkaTopicIsPublishedAndShownOnAsWebSocket() throws Exception {
        AppNode[] pair = connectedPair();
        AppNode a = pair[0];
        AppNode b = pair[1];
        try (AppNode.Notifications aSocket = a.openWebSocket()) {
            String txId = hash(header(41, 0)).toDisplayHex();

            topics.produce(a.rejectedTxTopic, KafkaRejectedTxTopicMessage.newBuilder().setTxHash(txId)
                    .setReason("double spend").build().toByteArray());

            Map<String, Object> frame = aSocket.await("rejected_tx", txId);
            assertEquals(REJECTED_TX_KEYS, frame.keySet(), frame::toString);
            assertEquals(a.peerId, frame.get("peer_id"));
            assertTimestamp(frame);
            await("a published it", () -> a.metric("p2p_topic_published_total", "topic", AppNode.gossipTopic("rejected_tx"))
                    == 1);
            assertEquals(0, a.metric("p2p_topic_peers", "topic", AppNode.gossipTopic("rejected_tx")));
            assertEquals(0, b.accepted("rejected_tx"));
            await("a's /metrics counts the consumed message",
                    () -> a.metric("p2p_kafka_consumed_total", "url", a.rejectedTxUrl) == 1);
        }
    }

    @Test
    void versionAndVerackFromAPeerAheadUpdateHeightsAndTriggerBsCatchUpMessage() throws Exception {
        PAIRS.incrementAndGet();
        GetBlockHeaderResponse ahead = header(3, 120);
        AppNode b = node("b", GENESIS, List.of());
        AppNode a = node("a", ahead, List.of(b.multiaddr));
        awaitConsumersAssigned(a, b);

        // a's version to the new peer, then a's verack answering b's version, both on the direct stream: both tell b
        // that a is ahead, and each asks b's block validation to fetch a's best block from a's DataHub.
        List<byte[]> values = topics.readUntil(b.blocksTopic, "two catch-up messages", v -> v.size() >= 2);
        KafkaBlockTopicMessage catchUp = KafkaBlockTopicMessage.newBuilder().setHash(hash(ahead).toDisplayHex())
                .setURL(a.dataHubUrl).build();
        assertEquals(List.of(catchUp, catchUp), values.stream().map(TwoNodeKafkaEndToEndTest::block).toList());
        Peer aOnB = b.peer(a).orElseThrow();
        assertEquals(120, aOnB.getStartingHeight());
        assertEquals(120, aOnB.getCurrentHeight());
        await("a has b's version and verack", () -> a.accepted("handshake") >= 2);
        assertEquals(0, a.peer(b).orElseThrow().getCurrentHeight());
    }

    @Test
    void invalidBlocksFromBsKafkaTopicBanTheAnnouncingPeerAndBDisconnectsIt() throws Exception {
        AppNode[] pair = connectedPair();
        AppNode a = pair[0];
        AppNode b = pair[1];
        try (AppNode.Notifications bSocket = b.openWebSocket()) {
            List<GetBlockHeaderResponse> bad = List.of(header(51, 1), header(52, 2), header(53, 3));
            for (GetBlockHeaderResponse block : bad) {
                a.mines(block);
            }
            await("b accepted the three blocks from a", () -> b.accepted("block") == 3);

            topics.produce(b.invalidBlocksTopic, invalid(bad.get(0)));
            await("a's ban score on b", () -> b.peer(a).orElseThrow().getBanscore() == 10);
            topics.produce(b.invalidBlocksTopic, invalid(bad.get(1)));
            topics.produce(b.invalidBlocksTopic, invalid(bad.get(2)));

            Map<String, Object> ban = bSocket.await("ban of 127.0.0.1", f -> "ban".equals(f.get("type")));
            assertEquals("127.0.0.1", ban.get("ip"), ban::toString);
            assertTrue(b.banned().stream().anyMatch(entry -> entry.startsWith("127.0.0.1")), () -> b.banned().toString());
            await("b disconnected a", () -> b.peer(a).isEmpty());
            await("a lost b", () -> a.peer(b).isEmpty());
            // a's discovery dials b again (its static peer, and a provider of the topics in a's DHT); b refuses the
            // connection at the gater, before any byte is read.
            await("b refused a's re-dial", () -> b.metric("p2p_connections_gated_total", "direction", "inbound") >= 1);
            assertTrue(b.peer(a).isEmpty());
        }
    }

    private static byte[] invalid(GetBlockHeaderResponse block) {
        return KafkaInvalidBlockTopicMessage.newBuilder().setBlockHash(hash(block).toDisplayHex())
                .setReason("bad merkle root").build().toByteArray();
    }

    /**
     * Runs last: consumers stopped while their group still rebalances after the restart can outlive their close
     * timeout as members of the shared group, which the next pair would wait out (the session timeout, 45 s).
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void blocksAcceptedWhileTheBrokerIsDownReachBsBlocksTopicAfterItRestarts() throws Exception {
        AppNode[] pair = connectedPair();
        AppNode a = pair[0];
        AppNode b = pair[1];
        GetBlockHeaderResponse before = header(60, 1);
        a.mines(before);
        topics.readUntil(b.blocksTopic, "the block before the outage", v -> hasBlock(v, hash(before).toDisplayHex()));
        await("b's producer acknowledged", () -> b.metric("p2p_kafka_produced_total", "url", b.blocksUrl) == 1);
        List<String> during = new ArrayList<>();
        try {
            broker.kill();
            for (int i = 1; i <= 5; i++) {
                GetBlockHeaderResponse block = header(60 + i, 1 + i);
                during.add(hash(block).toDisplayHex());
                a.mines(block);
            }
            await("b accepted every block announced in the outage", () -> b.accepted("block") == 6);
            assertEquals(1, b.metric("p2p_kafka_produced_total", "url", b.blocksUrl), "acknowledged with no broker");
        } finally {
            broker.ensureRunning();
        }

        List<byte[]> values = topics.readUntil(b.blocksTopic, "every block of the outage",
                v -> during.stream().allMatch(hash -> hasBlock(v, hash)));
        Set<KafkaBlockTopicMessage> expected = during.stream()
                .map(hash -> KafkaBlockTopicMessage.newBuilder().setHash(hash).setURL(a.dataHubUrl).build())
                .collect(Collectors.toSet());
        assertTrue(values.stream().map(TwoNodeKafkaEndToEndTest::block).collect(Collectors.toSet()).containsAll(expected));
        await("b's /metrics counts them produced", () -> b.metric("p2p_kafka_produced_total", "url", b.blocksUrl) >= 6);
        assertEquals(0, b.metric("p2p_kafka_failed_total", "url", b.blocksUrl));
        assertEquals(0, b.metric("p2p_kafka_dropped_total", "url", b.blocksUrl));
        // the consumers came back too
        awaitConsumersAssigned(a, b);
    }
}
