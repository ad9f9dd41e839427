package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2p.app.AppNode.await;
import static p2p.app.AppNode.hash;
import static p2p.app.AppNode.header;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.chain.pb.GetBlockHeaderResponse;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.testkit.kafka.TestCluster;

/**
 * Scale-out with a replicated Kafka (issue 18 item 3): nodes a and b on a three-server KRaft cluster whose topics have
 * replication factor 3 and {@code min.insync.replicas=2}; b produces each block a announces to its blocks topic
 * ({@code acks=all}, idempotent: {@code p2p.kafka.broker.ClientConfigs}). The server leading that topic's partition
 * is killed (SIGKILL) while announcements keep coming: every block b accepted is on the topic afterwards, exactly
 * once, and b counted no failed or dropped message.
 */
class ReplicatedKafkaBrokerLossTest {
    private static final GetBlockHeaderResponse GENESIS = header(0, 0);
    private static final int BEFORE_KILL = 20;
    private static final int TOTAL = 60;

    private static TestCluster cluster;
    private static BrokerTopics topics;

    @TempDir
    Path dir;
    private final List<AppNode> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start();
        topics = new BrokerTopics(cluster);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AppNode node : nodes.reversed()) {
            node.close();
        }
    }

    private AppNode node(String name, List<String> staticPeers) throws Exception {
        AppNode node = AppNode.start(name, dir, cluster, "replicated-" + name, GENESIS, staticPeers);
        nodes.add(node);
        return node;
    }

    @Test
    void everyBlockAcceptedReachesTheTopicOnceWhenThePartitionLeaderIsKilledMidRun() throws Exception {
        AppNode b = node("b", List.of());
        AppNode a = node("a", List.of(b.multiaddr));
        await("a and b see each other on the block topic", () -> a.metric("p2p_topic_peers", "topic",
                AppNode.gossipTopic("block")) >= 1 && b.metric("p2p_topic_peers", "topic", AppNode.gossipTopic("block")) >= 1);

        List<String> announced = new ArrayList<>();
        for (int i = 1; i <= BEFORE_KILL; i++) {
            announced.add(mine(a, i));
        }
        await("b produced the first " + BEFORE_KILL, () -> b.metric("p2p_kafka_produced_total", "url", b.blocksUrl)
                == BEFORE_KILL);
        TopicPartitionInfo partition = partition(b.blocksTopic);
        assertEquals(TestCluster.SIZE, partition.replicas().size(), "replication factor of " + b.blocksTopic);
        int leader = partition.leader().id();
        System.out.printf("replicated Kafka: %s has replicas %s, in sync %s; killing its leader, server %d%n",
                b.blocksTopic, ids(partition.replicas()), ids(partition.isr()), leader);

        cluster.kill(leader);
        for (int i = BEFORE_KILL + 1; i <= TOTAL; i++) {
            announced.add(mine(a, i));
        }
        await("b accepted all " + TOTAL + " blocks", () -> b.accepted("block") == TOTAL);
        await("b's producer acknowledged all " + TOTAL, () -> b.metric("p2p_kafka_produced_total", "url", b.blocksUrl)
                == TOTAL);

        List<byte[]> values = topics.readUntil(b.blocksTopic, "every accepted block", v -> v.size() >= TOTAL);
        Map<String, Long> copies = values.stream().map(ReplicatedKafkaBrokerLossTest::blockHash)
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        Map<String, Long> once = announced.stream()
                .collect(Collectors.toMap(Function.identity(), h -> 1L, Long::sum, TreeMap::new));
        assertEquals(once, copies, "each accepted block on the topic exactly once");
        assertEquals(0, b.metric("p2p_kafka_failed_total", "url", b.blocksUrl));
        assertEquals(0, b.metric("p2p_kafka_dropped_total", "url", b.blocksUrl));
        TopicPartitionInfo after = partition(b.blocksTopic);
        System.out.printf("replicated Kafka: %d of %d accepted blocks on the topic once each; new leader server %s,"
                + " in sync %s%n", copies.size(), TOTAL, after.leader() == null ? "none" : after.leader().id(),
                ids(after.isr()));
    }

    /** a's blockchain mines block {@code i}; returns its hash. */
    private static String mine(AppNode a, int i) {
        GetBlockHeaderResponse block = header(1_000 + i, i);
        a.mines(block);
        return hash(block).toDisplayHex();
    }

    private static TopicPartitionInfo partition(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(AppNode.DEADLINE.toSeconds(), TimeUnit.SECONDS).get(topic);
            return description.partitions().getFirst();
        }
    }

    private static Set<Integer> ids(List<org.apache.kafka.common.Node> nodes) {
        return nodes.stream().map(org.apache.kafka.common.Node::id).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static String blockHash(byte[] value) {
        try {
            return KafkaBlockTopicMessage.parseFrom(value).getHash();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a KafkaBlockTopicMessage", e);
        }
    }
}
