package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.app.config.SettingsLoader;
import p2p.app.wiring.NodeIdentity;
import p2p.chain.pb.ModelProto;
import p2p.chain.pb.Notification;
import p2p.common.json.JsonTree;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.testkit.Await;
import p2p.testkit.chain.FakeBlockchainService;
import p2p.web.pb.BanPeerRequest;
import p2p.web.pb.PeerServiceGrpc;

/**
 * The done-check of the drop-in work: the node started on a Teranode-style settings.conf beside a blockchain service
 * that holds Teranode's {@code p2p.privateKey} comes up with that peer id, announces the asset service's URL, takes
 * the alert service's {@code ip:port} ban only with the admin key, lists it as Teranode does, and refuses to ban its
 * own listen address unforced, and answers the daemon's health paths on {@code health_check_port}.
 */
class TeranodeDropInTest {
    private static final Path SHIPPED = Path.of("../../config/application.yaml");
    private static final String ASSET_URL = "http://teranode-1.example:8090/api/v1";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theNodeTakesOverTeranodesIdentityUrlsAndBanApi() throws Exception {
        Ed25519PrivKey teranodeKey = Ed25519PrivKey.generate(new SecureRandom());
        String teranodePeerId = PeerId.fromPublicKey(teranodeKey.publicKey()).toBase58();
        FakeBlockchainService chain = new FakeBlockchainService();
        chain.add(AppNode.header(7, 100));
        chain.putState(NodeIdentity.STATE_KEY, teranodeKey.marshal());
        chain.start(0);
        // Teranode's own format and keys, with a context as a docker deployment uses; keys of other services and
        // keys this node does not use are there as in a real file.
        // health_check_port has no "any port": a free one now, set through the docker context as a deployment would.
        int healthPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            healthPort = free.getLocalPort();
        }
        Path conf = Files.writeString(dir.resolve("settings.conf"), """
                network = mainnet
                network.docker = regtest
                clientName = teranode
                clientName.docker.teranode1 = teranode1
                p2p_listen_addresses = 0.0.0.0
                p2p_listen_addresses.docker = 127.0.0.1
                P2P_PORT = 9905
                p2p_port = ${P2P_PORT}
                p2p_port.docker = 0
                p2p_grpcListenAddress = :9904
                p2p_grpcListenAddress.docker = 127.0.0.1:0
                p2p_httpListenAddress.docker = 127.0.0.1:0
                p2p_peer_id.docker.teranode1 = %s
                grpc_admin_api_key = testkey
                asset_httpAddress = http://localhost:8090/api/v1
                asset_httpPublicAddress.docker.teranode1 = %s
                blockchain_grpcAddress.docker = %s
                health_check_port = 8000
                health_check_port.docker = %d
                aerospike_host = localhost
                """.formatted(teranodePeerId, ASSET_URL, chain.address(), healthPort));
        // This node's own keys, in its own file: where it keeps its state.
        Path yaml = Files.writeString(dir.resolve("node.yaml"), "p2p_data_dir: " + dir.resolve("data") + "\n");

        NodeApplication app = NodeApplication.start(SettingsLoader.load(new SettingsLoader.Sources(List.of(SHIPPED),
                Optional.of(conf), Optional.of("docker.teranode1"), List.of(yaml)), Map.of()));
        HttpClient http = HttpClient.newHttpClient();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.grpcPort()).usePlaintext().build();
        try {
            assertTrue(app.readyLine().contains(" peer=" + teranodePeerId + " "), app.readyLine());

            LinkedBlockingQueue<Map<String, Object>> frames = new LinkedBlockingQueue<>();
            WebSocket socket = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + app.httpPort() + "/p2p-ws"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                frames.add(JsonTree.readObject(text.toString(), "WebSocket frame"));
                                text.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            // Until the hub has attached the client a notification may miss it, so keep announcing until one lands.
            AtomicReference<Map<String, Object>> announced = new AtomicReference<>();
            Await.untilChecked("a mining_on or PING frame", DEADLINE, () -> {
                chain.publish(Notification.newBuilder().setType(ModelProto.NotificationType.MiningOn)
                        .setHash(ByteString.copyFrom(AppNode.hash(AppNode.header(7, 100)).bytes())).build());
                Map<String, Object> frame = frames.poll(1, TimeUnit.SECONDS);
                if (frame != null && ("mining_on".equals(frame.get("type")) || "PING".equals(frame.get("type")))) {
                    announced.set(frame);
                }
                return announced.get() != null;
            });
            socket.abort();
            assertEquals(ASSET_URL, announced.get().get("base_url"), announced.get()::toString);

            PeerServiceGrpc.PeerServiceBlockingStub stub = PeerServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            BanPeerRequest alertBan = BanPeerRequest.newBuilder().setAddr("203.0.113.7:8333")
                    .setUntil(Instant.now().plus(Duration.ofDays(36_500)).getEpochSecond()).build();
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> stub.banPeer(alertBan));
            assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
            assertEquals(List.of(), stub.listBanned(Empty.getDefaultInstance()).getBannedList());

            Metadata key = new Metadata();
            key.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), "testkey");
            PeerServiceGrpc.PeerServiceBlockingStub admin = stub.withInterceptors(
                    MetadataUtils.newAttachHeadersInterceptor(key));
            assertTrue(admin.banPeer(alertBan).getOk());
            assertEquals(List.of("203.0.113.7"), stub.listBanned(Empty.getDefaultInstance()).getBannedList());

            StatusRuntimeException self = assertThrows(StatusRuntimeException.class, () -> admin.banPeer(
                    BanPeerRequest.newBuilder().setAddr("127.0.0.1:9905").build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, self.getStatus().getCode());
            assertTrue(self.getStatus().getDescription().contains("covers this node's own address 127.0.0.1"),
                    self.getStatus().getDescription());

            // Where the deployment's Kubernetes probes look: the daemon's paths on health_check_port.
            HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + healthPort + "/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, readiness.statusCode(), readiness.body());
            assertTrue(readiness.body().contains("\"name\":\"blockchain\""), readiness.body());
            assertEquals(200, http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + healthPort + "/health/liveness")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            channel.shutdownNow();
            http.shutdownNow();
            app.close();
            chain.stop();
        }
    }
}
