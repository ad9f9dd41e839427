package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2p.app.AppNode.await;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.testkit.kafka.TestBroker;
import p2p.chain.pb.GetBlockHeaderResponse;

/**
 * Two whole applications on the 2026 profile ({@code p2p_protocol: teranode-2026}), end to end as
 * {@link TwoNodeKafkaEndToEndTest} runs the 2025 one: real KRaft broker, fake blockchain gRPC services, A dialling B
 * as a static peer without a private-network key, every gossip payload in the message-bus envelope on the
 * {@code teranode/bitcoin/1.0.0/regtest-*} topics. Observed from outside only: B's Kafka blocks topic, B's /p2p-ws,
 * B's gRPC GetPeers, /metrics.
 */
class TwoNode2026EndToEndTest {
    private static final AtomicInteger PAIRS = new AtomicInteger();
    private static final String PROFILE = """
            p2p_protocol: teranode-2026
            p2p_allow_private_ips: true
            """;
    private static final String PREFIX = "teranode/bitcoin/1.0.0/" + AppNode.NETWORK + "-";

    private static TestBroker broker;
    private static BrokerTopics topics;

    @TempDir
    Path dir;
    private final List<AppNode> nodes = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.shared();
        topics = new BrokerTopics(broker);
    }

    @AfterAll
    static void forget() {
        topics = null;
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AppNode node : nodes.reversed()) {
            node.close();
        }
    }

    private AppNode node(String name, List<String> staticPeers) throws Exception {
        AppNode node = AppNode.start(name, dir, broker, "e2e2026-" + PAIRS.get() + "-" + name, AppNode.header(0, 0),
                staticPeers, PROFILE);
        nodes.add(node);
        return node;
    }

    private AppNode[] connectedPair() throws Exception {
        PAIRS.incrementAndGet();
        AppNode b = node("b", List.of());
        AppNode a = node("a", List.of(b.multiaddr));
        await("a and b list each other in GetPeers", () -> b.peer(a).isPresent() && a.peer(b).isPresent());
        for (String topic : List.of("block", "subtree", "node_status", "rejected_tx")) {
            await("a and b see each other on " + topic, () -> metric(a, topic) >= 1 && metric(b, topic) >= 1);
        }
        return new AppNode[] {a, b};
    }

    private static double metric(AppNode node, String topic) throws Exception {
        return node.metric("p2p_topic_peers", "topic", PREFIX + topic);
    }

    private static KafkaBlockTopicMessage block(byte[] value) {
        try {
            return KafkaBlockTopicMessage.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a KafkaBlockTopicMessage", e);
        }
    }

    @Test
    void aBlockOfAReachesBsKafkaAndWebSocketAndAsNodeStatusGivesBsGetPeersItsHeight() throws Exception {
        AppNode[] pair = connectedPair();
        AppNode a = pair[0];
        AppNode b = pair[1];
        try (AppNode.Notifications bSocket = b.openWebSocket()) {
            // Spec teranode-2026 1.8: the very first frame a new client gets is the node's own node_status.
            Map<String, Object> greeting = bSocket.await("the first frame", f -> true);
            assertEquals("node_status", greeting.get("type"), greeting::toString);
            assertEquals(b.peerId, greeting.get("peer_id"));
            GetBlockHeaderResponse mined = AppNode.header(7, 812_000);
            String hash = AppNode.hash(mined).toDisplayHex();

            a.mines(mined);

            List<byte[]> values = topics.readUntil(b.blocksTopic, "block " + hash,
                    v -> v.stream().map(TwoNode2026EndToEndTest::block).anyMatch(m -> m.getHash().equals(hash)));
            assertEquals(List.of(KafkaBlockTopicMessage.newBuilder().setHash(hash).setURL(a.dataHubUrl)
                    .setPeerId(a.peerId).build()), values.stream().map(TwoNode2026EndToEndTest::block).toList());
            Map<String, Object> frame = bSocket.await("block", hash);
            assertEquals(a.peerId, frame.get("peer_id"));
            Map<String, Object> status = bSocket.await("a's node_status at 812000",
                    f -> "node_status".equals(f.get("type")) && a.peerId.equals(f.get("peer_id"))
                            && Double.valueOf(812_000).equals(f.get("best_height")));
            assertEquals(a.dataHubUrl, status.get("base_url"));
            await("b's GetPeers shows a at 812000",
                    () -> b.peer(a).map(p -> p.getCurrentHeight() == 812_000).orElse(false));
            assertTrue(b.peer(a).orElseThrow().getLastRecv() > 0 && b.peer(a).orElseThrow().getLastSend() > 0,
                    "GetPeers carries the connection's last send and receive times");
            // GetPeers' proto has no field for the rest of a's node_status; the dashboard's peer list shows it.
            String peers = b.httpGet("/api/v1/peers");
            assertTrue(peers.contains("\"best_hash\":\"" + hash + "\",\"data_hub_url\":\"" + a.dataHubUrl + "\""),
                    peers);
            assertTrue(peers.contains("\"client_name\":\""), peers);
            // The dashboard's network view: a's node in b's gossipsub mesh of the block topic, b's DHT off (-1).
            await("b's dashboard shows a in its block mesh", () -> b.httpGet("/api/v1/network")
                    .contains("-block\",\"peers\":1,\"mesh\":1}"));
            assertEquals(Set.of(), Set.copyOf(b.banned()));
        }
    }
}
