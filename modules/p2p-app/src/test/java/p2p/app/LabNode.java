package p2p.app;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import p2p.chain.BlockHash;
import p2p.chain.pb.GetBlockHeaderResponse;
import p2p.chain.pb.ModelProto;
import p2p.chain.pb.Notification;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.testkit.chain.FakeBlockchainService;
import p2p.testkit.kafka.TestBroker;
import p2p.web.pb.BanPeerRequest;
import p2p.web.pb.Peer;
import p2p.web.pb.PeerServiceGrpc;

/**
 * One packaged node ({@code target/bin/p2p-server}, 2025 profile) on one host of a {@link NetnsLab}: its libp2p
 * listener on the host's lab address, its operator HTTP and gRPC listeners on the host's own loopback, its Kafka topics
 * on the test's broker and its blockchain at a {@link FakeBlockchainService} of its own, both in the test JVM and
 * reached through a {@link SocketTunnel} process in the host. The test reaches the operator listeners the same way.
 * The node key is made here, so every node's static-peer list can name the others before any of them has started.
 */
final class LabNode implements AutoCloseable {
    static final String ADMIN_KEY = "lab-admin-key";
    static final String NETWORK = "regtest";
    /** Every node's ports: each host has its own addresses, so the same ports serve on each. */
    static final int P2P_PORT = 9905;
    private static final int HTTP_PORT = 9906;
    private static final int GRPC_PORT = 9904;
    /** Not the Teranode network's key: the lab is a private network of its own. */
    static final String SHARED_KEY = "6c61622d707269766174652d6e6574776f726b2d6b65792d666f722d74657374";
    private static final Path HOME = Path.of("target");

    final NetnsLab lab;
    final int host;
    final String name;
    final String peerId;
    final String blocksTopic;
    /** {@code kafka_blocksConfig}, as /metrics labels the blocks producer ({@code url}). */
    final String blocksUrl;
    private final String keyHex;
    private final String topicPrefix;
    private final TestBroker broker;
    private final FakeBlockchainService chain = new FakeBlockchainService();
    private final List<SocketTunnel> tunnels = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process relay;
    private boolean chainStarted;
    private ServerProcess server;
    private ManagedChannel grpc;
    private int httpPort;

    /** A node for host {@code host} of {@code lab}, not yet started; topics are {@code <topicPrefix>-n<host>-...}. */
    LabNode(NetnsLab lab, int host, TestBroker broker, String topicPrefix) {
        this.lab = lab;
        this.host = host;
        this.name = "n" + host;
        this.broker = broker;
        this.topicPrefix = topicPrefix + "-" + name;
        this.blocksTopic = this.topicPrefix + "-blocks";
        this.blocksUrl = kafkaUrl("blocks");
        Ed25519PrivKey key = Ed25519PrivKey.generate(new SecureRandom());
        this.keyHex = HexFormat.of().formatHex(key.raw());
        this.peerId = PeerId.fromPublicKey(key.publicKey()).toBase58();
    }

    /** {@code /ip4/<lab address>/tcp/9905/p2p/<id>}, as another node's {@code p2p_static_peers} takes it. */
    String multiaddr() {
        return "/ip4/" + lab.address(host).getHostAddress() + "/tcp/" + P2P_PORT + "/p2p/" + peerId;
    }

    String ip() {
        return lab.address(host).getHostAddress();
    }

    /**
     * Starts the tunnels, the fake blockchain (best header {@code genesis}) and then the node with {@code staticPeers}
     * and {@code extraYaml} appended to its settings; returns once the node printed its ready line and subscribed to
     * its blockchain. Starting again after {@link #kill()} keeps the data directory (ban list, key).
     */
    synchronized void start(List<LabNode> staticPeers, GetBlockHeaderResponse genesis, String extraYaml)
            throws Exception {
        if (relay == null) {
            chain.add(genesis);
            chain.start(0);
            chainStarted = true;
            openTunnels();
        }
        Path settings = lab.dir().resolve(name + ".yaml");
        Files.writeString(settings, """
                network: %s
                clientName: %s
                p2p_data_dir: %s
                p2p_listen_addresses: [%s]
                p2p_port: %d
                p2p_allow_private_ips: true
                p2p_shared_key: %s
                p2p_private_key: %s
                p2p_static_peers: [%s]
                p2p_httpListenAddress: "127.0.0.1:%d"
                p2p_grpcListenAddress: "127.0.0.1:%d"
                grpc_admin_api_key: %s
                asset_httpPublicAddress: "http://%s.lab.test:8090/api/v1"
                kafka_blocksConfig: %s
                kafka_subtreesConfig: %s
                kafka_rejectedTxConfig: %s
                kafka_invalidBlocksConfig: %s
                blockchain_grpcAddress: "%s"
                """.formatted(NETWORK, name, lab.dir().resolve(name + "-data"), ip(), P2P_PORT, SHARED_KEY, keyHex,
                staticPeers.stream().map(LabNode::multiaddr).collect(Collectors.joining(", ")), HTTP_PORT, GRPC_PORT,
                ADMIN_KEY, name, kafkaUrl("blocks"), kafkaUrl("subtrees"), kafkaUrl("rejectedtx"),
                kafkaUrl("invalid-blocks"), chain.address()) + extraYaml);
        int subscribers = chain.subscriberCount();
        server = ServerProcess.start(lab.inHost(host, List.of()), HOME, List.of(settings),
                Map.of("P2P_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC"));
        if (!peerId.equals(server.peerId())) {
            throw new IllegalStateException(name + " started as " + server.peerId() + ", not " + peerId);
        }
        AppNode.await(name + "'s blockchain subscription", () -> chain.subscriberCount() > subscribers);
        // After a kill the channel backs off its reconnects (up to two minutes): the node is back, try at once.
        grpc.resetConnectBackoff();
        // The channel may still hold a transport made through the tunnel while the node was down, which the tunnel
        // then closed ("Network closed for unknown reason" on the first call after a restart, seen in CI): the node
        // counts as started once a gRPC call goes through.
        AppNode.await(name + "'s gRPC after start", () -> {
            try {
                grpc().listBanned(Empty.getDefaultInstance());
                return true;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw e;
                }
                grpc.resetConnectBackoff();
                return false;
            }
        });
    }

    private String kafkaUrl(String topic) {
        return broker.url(topicPrefix + "-" + topic + "?partitions=1");
    }

    /**
     * Root side: socket files for the broker and this node's blockchain; host side (a small JVM in the namespace):
     * the broker's and blockchain's loopback ports, and socket files for the node's gRPC and HTTP listeners; root side
     * again: loopback ports for those socket files.
     */
    private void openTunnels() throws IOException, InterruptedException {
        Path dir = lab.dir();
        String[] kafka = broker.bootstrap().split(":");
        InetSocketAddress kafkaAddress = new InetSocketAddress(kafka[0], Integer.parseInt(kafka[1]));
        Path kafkaSocket = dir.resolve(name + "-kafka.sock");
        Path chainSocket = dir.resolve(name + "-chain.sock");
        Path grpcSocket = dir.resolve(name + "-grpc.sock");
        Path httpSocket = dir.resolve(name + "-http.sock");
        tunnels.add(SocketTunnel.unixToTcp(kafkaSocket, kafkaAddress));
        tunnels.add(SocketTunnel.unixToTcp(chainSocket, new InetSocketAddress("127.0.0.1", chain.port())));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", Path.of("target/test-classes").toAbsolutePath().toString(), SocketTunnel.class.getName(),
                "tcp:" + broker.bootstrap() + "=" + kafkaSocket,
                "tcp:127.0.0.1:" + chain.port() + "=" + chainSocket,
                "unix:" + grpcSocket + "=127.0.0.1:" + GRPC_PORT,
                "unix:" + httpSocket + "=127.0.0.1:" + HTTP_PORT));
        relay = new ProcessBuilder(lab.inHost(host, command)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"tunnels ready".equals(line)) {
            relay.destroyForcibly();
            throw new IllegalStateException(name + "'s tunnel process failed: " + line + "\n"
                    + out.lines().collect(Collectors.joining("\n")));
        }
        SocketTunnel grpcTunnel = SocketTunnel.tcpToUnix(new InetSocketAddress("127.0.0.1", 0), grpcSocket);
        SocketTunnel httpTunnel = SocketTunnel.tcpToUnix(new InetSocketAddress("127.0.0.1", 0), httpSocket);
        tunnels.add(grpcTunnel);
        tunnels.add(httpTunnel);
        httpPort = httpTunnel.port();
        grpc = NettyChannelBuilder.forAddress("127.0.0.1", grpcTunnel.port()).usePlaintext().build();
    }

    /** This node's blockchain tells it of a new block at height 0 (so no peer falls behind and asks for catch-up). */
    String announceBlock(int seed) {
        GetBlockHeaderResponse header = AppNode.header(seed, 0);
        chain.add(header);
        BlockHash hash = AppNode.hash(header);
        chain.publish(Notification.newBuilder().setType(ModelProto.NotificationType.Block)
                .setHash(ByteString.copyFrom(hash.bytes())).setBaseURL("http://asset.lab.test").build());
        return hash.toDisplayHex();
    }

    PeerServiceGrpc.PeerServiceBlockingStub grpc() {
        return PeerServiceGrpc.newBlockingStub(grpc).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    PeerServiceGrpc.PeerServiceBlockingStub admin() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), ADMIN_KEY);
        return grpc().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** BanPeer over gRPC with the admin key, for an hour; true when the node acknowledged it. */
    boolean ban(String ipOrSubnet) {
        return admin().banPeer(BanPeerRequest.newBuilder().setAddr(ipOrSubnet)
                .setUntil(Instant.now().plusSeconds(3600).getEpochSecond()).build()).getOk();
    }

    List<Peer> peers() {
        return grpc().getPeers(Empty.getDefaultInstance()).getPeersList();
    }

    /** Peer ids in GetPeers; empty when the node does not answer (it is being killed or restarted). */
    Set<String> peerIds() {
        try {
            return peers().stream().map(Peer::getId).collect(Collectors.toSet());
        } catch (RuntimeException notAnswering) {
            return Set.of();
        }
    }

    List<String> banned() {
        return grpc().listBanned(Empty.getDefaultInstance()).getBannedList();
    }

    String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** One sample of this node's /metrics with the given label pairs; 0 when absent. */
    double metric(String metric, String... labels) throws Exception {
        String[] all = new String[labels.length + 2];
        all[0] = "peer_id";
        all[1] = peerId;
        System.arraycopy(labels, 0, all, 2, labels.length);
        return PrometheusText.sample(metrics(), metric, all).orElse(0);
    }

    static String gossipTopic(String setting) {
        return "bitcoin/" + NETWORK + "-" + setting;
    }

    /** The server JVM's resident set in KiB, from /proc/<pid>/status. */
    long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + server.pid() + "/status");
    }

    /** Open file descriptors of the server JVM, from /proc/<pid>/fd. */
    long openFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(server.pid()), "fd"))) {
            return fds.count();
        }
    }

    String output() {
        return server == null ? "(not started)" : server.output();
    }

    boolean isAlive() {
        return server != null && server.isAlive();
    }

    /** kill -9 of the server JVM only; its tunnels and blockchain stay, so {@link #start} can bring it back. */
    void kill() throws InterruptedException {
        server.kill();
    }

    @Override
    public void close() throws Exception {
        try {
            if (server != null) {
                server.kill();
            }
        } finally {
            if (grpc != null) {
                grpc.shutdownNow();
            }
            http.shutdownNow();
            if (relay != null) {
                relay.destroyForcibly();
                relay.waitFor(10, TimeUnit.SECONDS);
            }
            tunnels.forEach(SocketTunnel::close);
            if (chainStarted) {
                chain.stop();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (" + ip() + ", " + peerId + ")";
    }
}
