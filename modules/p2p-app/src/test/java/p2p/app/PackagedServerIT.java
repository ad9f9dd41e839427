package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.testkit.Await;
import p2p.web.pb.BanPeerRequest;
import p2p.web.pb.IsBannedRequest;
import p2p.web.pb.PeerServiceGrpc;

/**
 * What the README promises of {@code ./p2p run}, proven on the packaged launcher: the node answers /health, /metrics,
 * /p2p-ws and gRPC, and a ban made over gRPC survives kill -9 and a restart.
 */
class PackagedServerIT {
    private static final Path HOME = Path.of("target");
    private static final String API_KEY = "it-admin-key";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesOperatorApiAndKeepsGrpcBanAcrossKillMinus9() throws Exception {
        Path config = work.resolve("it.yaml");
        // Teranode's operator listeners take fixed ports (health_check_port has no "any"): free ones found now.
        int healthPort = freePort();
        int profilerPort = freePort();
        Files.writeString(config, """
                p2p_data_dir: %s
                p2p_port: 0
                p2p_listen_addresses: [127.0.0.1]
                p2p_httpListenAddress: "127.0.0.1:0"
                p2p_grpcListenAddress: "127.0.0.1:0"
                grpc_admin_api_key: %s
                health_check_port: %d
                profilerAddr: "127.0.0.1:%d"
                """.formatted(work.resolve("data"), API_KEY, healthPort, profilerPort));

        ServerProcess first = ServerProcess.start(HOME, List.of(config), Map.of());
        try {
            assertEquals(200, get(first, "/health").statusCode());
            assertEquals(200, get(first, "/health/live").statusCode());
            HttpResponse<String> ready = get(first, "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("blockchain"), ready.body());
            // Where a Teranode deployment's probes look: the daemon's paths on health_check_port.
            HttpResponse<String> readiness = get(healthPort, "/health/readiness");
            assertEquals(200, readiness.statusCode(), readiness.body());
            assertTrue(readiness.body().contains("blockchain-fsm"), readiness.body());
            assertEquals(200, get(healthPort, "/health/liveness").statusCode());

            LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + first.httpPort() + "/p2p-ws"), collecting(frames))
                    .get(10, TimeUnit.SECONDS);

            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", first.grpcPort()).usePlaintext().build();
            try {
                StatusRuntimeException noKey = assertThrows(StatusRuntimeException.class,
                        () -> PeerServiceGrpc.newBlockingStub(channel).banPeer(ban("203.0.113.0/24")));
                assertEquals(Status.Code.UNAUTHENTICATED, noKey.getStatus().getCode());
                StatusRuntimeException wrongKey = assertThrows(StatusRuntimeException.class,
                        () -> withKey(channel, "wrong").banPeer(ban("203.0.113.0/24")));
                assertEquals(Status.Code.UNAUTHENTICATED, wrongKey.getStatus().getCode());

                PeerServiceGrpc.PeerServiceBlockingStub admin = withKey(channel, API_KEY);
                assertTrue(admin.banPeer(ban("203.0.113.0/24")).getOk());
                assertTrue(admin.isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("203.0.113.7").build())
                        .getIsBanned());
            } finally {
                channel.shutdownNow();
            }

            String event = awaitFrame(frames, "203.0.113.0/24");
            assertTrue(event.contains("\"timestamp\""), event);
            ws.abort();

            String metrics = get(first, "/metrics").body();
            assertEquals(1.0, sample(metrics, "p2p_ban_list_size"), metrics);
            assertTrue(metrics.contains("\nmemory_usedHeap_bytes{"), "system meters missing");
            assertEquals(0.0, sample(metrics, "p2p_peers_connected"), metrics);
            assertTrue(PrometheusText.sample(metrics, "p2p_bytes_sent_total").isPresent(), metrics);
            assertTrue(PrometheusText.sample(metrics, "p2p_bytes_received_total").isPresent(), metrics);
            assertEquals(0.0, sample(metrics, "p2p_connections_gated_total", "direction", "inbound"), metrics);
            assertEquals(0.0, sample(metrics, "p2p_connections_limited_total", "direction", "outbound"), metrics);
            assertEquals(0.0, sample(metrics, "p2p_kafka_produced_total", "url", "memory://blocks"), metrics);
            assertEquals(0.0, sample(metrics, "p2p_topic_received_total", "topic", "bitcoin/mainnet-block"), metrics);
            // The profiler listener serves the same registry where Teranode's Prometheus scrapes.
            HttpResponse<String> profiler = get(profilerPort, "/metrics");
            assertEquals(200, profiler.statusCode());
            assertTrue(profiler.body().contains("\np2p_ban_list_size{"), profiler.body());
            // PeerService calls counted as go-grpc-prometheus names them.
            assertEquals(1.0, sample(metrics, "grpc_server_handled_total", "grpc_method", "BanPeer", "grpc_code", "OK"),
                    metrics);
        } finally {
            first.kill();
        }
        assertFalse(first.isAlive());

        try (ServerProcess second = ServerProcess.start(HOME, List.of(config), Map.of())) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", second.grpcPort()).usePlaintext().build();
            try {
                assertTrue(PeerServiceGrpc.newBlockingStub(channel).listBanned(Empty.getDefaultInstance())
                        .getBannedList().contains("203.0.113.0/24"), "ban lost across kill -9");
            } finally {
                channel.shutdownNow();
            }
            // SIGTERM: the JVM exits 143 after the shutdown hook has stopped every part in order.
            assertEquals(143, second.stop(), second.output());
            assertTrue(second.output().contains("p2p-server stopped"), second.output());
        }
    }

    private static PeerServiceGrpc.PeerServiceBlockingStub withKey(ManagedChannel channel, String key) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), key);
        return PeerServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static BanPeerRequest ban(String target) {
        return BanPeerRequest.newBuilder().setAddr(target)
                .setUntil(Instant.now().plusSeconds(3600).getEpochSecond()).build();
    }

    private HttpResponse<String> get(ServerProcess server, String path) throws Exception {
        return get(server.httpPort(), path);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String awaitFrame(LinkedBlockingQueue<String> frames, String containing) {
        return Await.take("a WebSocket frame containing " + containing, Duration.ofSeconds(20), frames,
                frame -> frame.contains(containing));
    }

    private static WebSocket.Listener collecting(LinkedBlockingQueue<String> frames) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
    }

    private static double sample(String metrics, String name, String... labels) {
        return PrometheusText.sample(metrics, name, labels).orElseThrow(() -> new AssertionError(name + " missing"));
    }
}
