package p2p.app;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import p2p.app.config.SettingsLoader;
import p2p.chain.BlockHash;
import p2p.chain.pb.GetBlockHeaderResponse;
import p2p.chain.pb.ModelProto;
import p2p.chain.pb.Notification;
import p2p.common.json.JsonTree;
import p2p.testkit.Await;
import p2p.testkit.chain.FakeBlockchainService;
import p2p.testkit.kafka.KafkaServers;
import p2p.web.pb.Peer;
import p2p.web.pb.PeerServiceGrpc;

/**
 * One whole node for the end-to-end tests: {@link NodeApplication} started in-process from YAML settings read by
 * {@link SettingsLoader} (the shipped config/application.yaml, then this node's file), its four Kafka topics on the
 * test's real broker, its blockchain at a {@link FakeBlockchainService} on loopback; observed only from outside, as an
 * operator would: /metrics, gRPC GetPeers and ListBanned, and the /p2p-ws WebSocket.
 */
final class AppNode implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String NETWORK = "regtest";
    /** Three invalid blocks (10 points each, spec section 5) ban a peer. */
    static final int BAN_THRESHOLD = 30;
    private static final Path SHIPPED_SETTINGS = Path.of("../../config/application.yaml");
    private static final Pattern READY = Pattern.compile("peer=(\\S+) p2p=([^,\\s]+)");

    final String name;
    /** {@code asset_httpPublicAddress}: the DataHub URL this node's announcements and WebSocket pings carry. */
    final String dataHubUrl;
    final String blocksTopic;
    final String subtreesTopic;
    final String rejectedTxTopic;
    final String invalidBlocksTopic;
    /** The {@code kafka_*Config} URLs, as /metrics labels them. */
    final String blocksUrl;
    final String rejectedTxUrl;
    final FakeBlockchainService chain;
    final NodeApplication app;
    /** Base58 peer id. */
    final String peerId;
    /** The listen multiaddr with {@code /p2p/<peer id>}, as {@code p2p_static_peers} takes it. */
    final String multiaddr;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManagedChannel grpc;

    private AppNode(String name, String dataHubUrl, String topicPrefix, KafkaServers broker, FakeBlockchainService chain,
                    NodeApplication app) {
        this.name = name;
        this.dataHubUrl = dataHubUrl;
        this.blocksTopic = topicPrefix + "-blocks";
        this.subtreesTopic = topicPrefix + "-subtrees";
        this.rejectedTxTopic = topicPrefix + "-rejectedtx";
        this.invalidBlocksTopic = topicPrefix + "-invalid-blocks";
        this.blocksUrl = kafkaUrl(broker, blocksTopic);
        this.rejectedTxUrl = kafkaUrl(broker, rejectedTxTopic);
        this.chain = chain;
        this.app = app;
        Matcher ready = READY.matcher(app.readyLine());
        this.peerId = ready.find() ? ready.group(1) : "";
        this.multiaddr = peerId.isEmpty() ? "" : ready.group(2);
        this.grpc = NettyChannelBuilder.forAddress("127.0.0.1", app.grpcPort()).usePlaintext().build();
    }

    /**
     * Starts a fake blockchain service whose best header is {@code best}, then the node.
     *
     * @param topicPrefix  unique per node and test: the node's Kafka topics are {@code <prefix>-blocks} and so on
     * @param staticPeers  {@code p2p_static_peers}
     */
    static AppNode start(String name, Path dir, KafkaServers broker, String topicPrefix, GetBlockHeaderResponse best,
                         List<String> staticPeers) throws Exception {
        return start(name, dir, broker, topicPrefix, best, staticPeers, "");
    }

    /** As above, with {@code extraYaml} (whole lines, e.g. {@code p2p_protocol: teranode-2026}) appended. */
    static AppNode start(String name, Path dir, KafkaServers broker, String topicPrefix, GetBlockHeaderResponse best,
                         List<String> staticPeers, String extraYaml) throws Exception {
        FakeBlockchainService chain = new FakeBlockchainService();
        chain.add(best);
        chain.start(0);
        String dataHubUrl = "http://" + name + ".e2e.test:8090/api/v1";
        NodeApplication app;
        try {
            Path settings = dir.resolve(name + ".yaml");
            Files.writeString(settings, """
                    network: %s
                    clientName: %s
                    p2p_data_dir: %s
                    p2p_listen_addresses: [127.0.0.1]
                    p2p_port: 0
                    p2p_httpListenAddress: "127.0.0.1:0"
                    asset_httpPublicAddress: "%s"
                    p2p_grpcListenAddress: "127.0.0.1:0"
                    p2p_static_peers: [%s]
                    p2p_ban_threshold: %d
                    kafka_blocksConfig: %s
                    kafka_subtreesConfig: %s
                    kafka_rejectedTxConfig: %s
                    kafka_invalidBlocksConfig: %s
                    blockchain_grpcAddress: "%s"
                    """.formatted(NETWORK, name, dir.resolve(name), dataHubUrl, String.join(", ", staticPeers),
                    BAN_THRESHOLD, kafkaUrl(broker, topicPrefix + "-blocks"), kafkaUrl(broker, topicPrefix + "-subtrees"),
                    kafkaUrl(broker, topicPrefix + "-rejectedtx"), kafkaUrl(broker, topicPrefix + "-invalid-blocks"),
                    chain.address()) + extraYaml);
            app = NodeApplication.start(SettingsLoader.load(List.of(SHIPPED_SETTINGS, settings), Map.of()));
        } catch (Exception | Error e) {
            chain.stop();
            throw e;
        }
        AppNode node = new AppNode(name, dataHubUrl, topicPrefix, broker, chain, app);
        try {
            if (node.peerId.isEmpty()) {
                throw new IllegalStateException("no peer id in the ready line: " + app.readyLine());
            }
            // The server subscribes at start; the fake sees the stream a moment later.
            await(name + "'s blockchain subscription", () -> chain.subscriberCount() > 0);
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    private static String kafkaUrl(KafkaServers broker, String topic) {
        return broker.url(topic + "?partitions=1");
    }

    /** The full gossip topic name for a setting such as {@code block}. */
    static String gossipTopic(String setting) {
        return "bitcoin/" + NETWORK + "-" + setting;
    }

    /** A header of its own (seeded bytes) at {@code height}, with the mining-on metadata a Teranode would give. */
    static GetBlockHeaderResponse header(int seed, int height) {
        byte[] raw = new byte[80];
        new Random(seed).nextBytes(raw);
        return GetBlockHeaderResponse.newBuilder().setBlockHeader(ByteString.copyFrom(raw)).setHeight(height)
                .setTxCount(1_000 + seed).setSizeInBytes(500_000 + seed).setMiner("e2e-miner/" + seed).build();
    }

    static BlockHash hash(GetBlockHeaderResponse header) {
        return BlockHash.ofHeader(header.getBlockHeader().toByteArray());
    }

    /** The blockchain service tells this node about {@code hash}, as Teranode's Subscribe stream does. */
    void chainNotifies(ModelProto.NotificationType type, BlockHash hash) {
        chain.publish(Notification.newBuilder().setType(type).setHash(ByteString.copyFrom(hash.bytes()))
                .setBaseURL("http://asset.e2e.test").build());
    }

    /** This node's blockchain mines {@code header} (it becomes the best one) and announces it. */
    void mines(GetBlockHeaderResponse header) {
        chain.add(header);
        chainNotifies(ModelProto.NotificationType.Block, hash(header));
    }

    /** GetPeers over gRPC. */
    List<Peer> peers() {
        return PeerServiceGrpc.newBlockingStub(grpc).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getPeers(Empty.getDefaultInstance()).getPeersList();
    }

    Optional<Peer> peer(AppNode other) {
        return peers().stream().filter(p -> p.getId().equals(other.peerId)).findFirst();
    }

    /** ListBanned over gRPC. */
    List<String> banned() {
        return PeerServiceGrpc.newBlockingStub(grpc).withDeadlineAfter(10, TimeUnit.SECONDS)
                .listBanned(Empty.getDefaultInstance()).getBannedList();
    }

    /** A GET of this node's HTTP listener, e.g. {@code /api/v1/peers}: the body. */
    String httpGet(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The /metrics text. */
    String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** One sample of /metrics, e.g. {@code metric("p2p_topic_accepted_total", "topic", gossipTopic("block"))}; 0 when absent. */
    double metric(String name, String label, String value) throws Exception {
        return PrometheusText.sample(metrics(), name, "peer_id", peerId, label, value).orElse(0);
    }

    /** This node's sample of a metric without labels of its own, such as {@code p2p_ws_clients}; 0 when absent. */
    double metric(String name) throws Exception {
        return PrometheusText.sample(metrics(), name, "peer_id", peerId).orElse(0);
    }

    /** How many gossip messages from peers on {@code topicSetting} passed this node's checks. */
    double accepted(String topicSetting) throws Exception {
        return metric("p2p_topic_accepted_total", "topic", gossipTopic(topicSetting));
    }

    /** A WebSocket client of /p2p-ws (the only one of this node), returned once the node counts it. */
    Notifications openWebSocket() throws Exception {
        Notifications frames = new Notifications();
        frames.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + app.httpPort() + "/p2p-ws"), frames)
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        // The server attaches the session to its notification hub after the upgrade response: a notification
        // published before that would not reach this client.
        await(name + "'s WebSocket client attached", () -> metric("p2p_ws_clients") == 1);
        return frames;
    }

    @Override
    public void close() throws Exception {
        try {
            grpc.shutdownNow();
            http.shutdownNow();
            app.close();
        } finally {
            chain.stop();
        }
    }

    @Override
    public String toString() {
        return name + " (" + peerId + ")";
    }

    /** Waits for {@code condition}, failing with {@code what} after {@link #DEADLINE}. */
    static void await(String what, Await.Condition condition) {
        Await.untilChecked(what, DEADLINE, condition);
    }

    /** The JSON frames a /p2p-ws client received, PING frames left out. */
    static final class Notifications implements WebSocket.Listener, AutoCloseable {
        private final LinkedBlockingQueue<Map<String, Object>> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Map<String, Object> frame = JsonTree.readObject(partial.toString(), "WebSocket frame");
                partial.setLength(0);
                if (!"PING".equals(frame.get("type"))) {
                    frames.add(frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        /** The next frame {@code match} accepts; frames before it are passed over. */
        Map<String, Object> await(String what, Predicate<Map<String, Object>> match) {
            return Await.take("WebSocket notification " + what, DEADLINE, frames, match);
        }

        /** The next frame of {@code type} with {@code hash}. */
        Map<String, Object> await(String type, String hash) throws InterruptedException {
            return await(type + " " + hash, f -> type.equals(f.get("type")) && hash.equals(f.get("hash")));
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
