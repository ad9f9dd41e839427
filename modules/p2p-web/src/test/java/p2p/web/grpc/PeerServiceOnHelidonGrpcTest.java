package p2p.web.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import p2p.ban.BanReason;
import p2p.web.BanListAccess;
import p2p.web.BanScoring;
import p2p.web.Meters;
import p2p.web.PeerDirectory;
import p2p.web.pb.BanPeerRequest;
import p2p.web.pb.IsBannedRequest;
import p2p.web.pb.PeerServiceGrpc;
import p2p.web.pb.UnbanPeerRequest;

/**
 * PeerService on Helidon 4.5.0's gRPC server ({@link PeerServiceRouting}), started by helidon-webserver-testing-junit5
 * on a free port and called with grpc-java's client, as Teranode's Go clients call it. The first two tests are the
 * two Helidon 4.1.2 defects that kept PeerService on grpc-java's own server (request metadata not reaching
 * interceptors, status codes and descriptions lost); the third the {@code grpc_server_*} metrics.
 */
@ServerTest
class PeerServiceOnHelidonGrpcTest {
    private static final String KEY = "helidon-grpc-key";
    private static final MeterRegistry METERS = Meters.registry();
    /** No node tag: every server in this test JVM counts without one (Prometheus wants one label set per name). */
    private static final GrpcServerMetrics GRPC_METRICS = new GrpcServerMetrics(METERS, List.of());
    private static final RecordingBans BANS = new RecordingBans();

    private final ManagedChannel channel;
    private final PeerServiceGrpc.PeerServiceBlockingStub stub;

    PeerServiceOnHelidonGrpcTest(WebServer server) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        stub = PeerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        PeerServiceImpl service = new PeerServiceImpl(BANS, new NoScoring(), PeerDirectory.EMPTY,
                Duration.ofHours(1), Clock.systemUTC());
        server.host("127.0.0.1").addRouting(PeerServiceRouting.create(service, KEY, GRPC_METRICS));
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @AfterAll
    static void removeMeters() {
        GRPC_METRICS.close();
    }

    private PeerServiceGrpc.PeerServiceBlockingStub withHeaders(Map<String, String> headers) {
        Metadata metadata = new Metadata();
        headers.forEach((name, value) -> metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    private static Status status(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus();
    }

    @Test
    void requestMetadataReachesTheKeyInterceptor() {
        BanPeerRequest ban = BanPeerRequest.newBuilder().setAddr("198.51.100.7").build();
        // The key among other headers, in any position, is found; a missing or different key is not accepted.
        assertTrue(withHeaders(Map.of("x-request-id", "1", "x-api-key", KEY, "x-trace", "t")).banPeer(ban).getOk());
        assertEquals(List.of("198.51.100.7"), BANS.listBanned());
        Status missing = status(() -> withHeaders(Map.of("x-request-id", "2")).banPeer(ban));
        assertEquals(Status.Code.UNAUTHENTICATED, missing.getCode());
        assertEquals("missing API key (send it in the x-api-key header)", missing.getDescription());
        Status wrong = status(() -> withHeaders(Map.of("x-api-key", KEY + "x")).banPeer(ban));
        assertEquals(Status.Code.UNAUTHENTICATED, wrong.getCode());
        assertEquals("invalid API key", wrong.getDescription());
    }

    @Test
    void statusCodesAndDescriptionsReachTheClient() {
        Status empty = status(() -> withHeaders(Map.of("x-api-key", KEY)).banPeer(BanPeerRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getCode());
        assertEquals("BanPeer: addr is empty", empty.getDescription());
        Status wide = status(() -> withHeaders(Map.of("x-api-key", KEY)).banPeer(BanPeerRequest.newBuilder()
                .setAddr("0.0.0.0/0").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, wide.getCode());
        assertTrue(wide.getDescription().startsWith("BanPeer: ") && wide.getDescription().contains("0.0.0.0/0"),
                wide.getDescription());
        Status internal = status(() -> stub.isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("explode").build()));
        assertEquals(Status.Code.INTERNAL, internal.getCode());
        assertEquals("IsBanned failed: store unavailable", internal.getDescription());
        // The server keeps serving after each failed call.
        assertEquals(0, stub.listBanned(Empty.getDefaultInstance()).getBannedCount() >= 0 ? 0 : 1);
    }

    @Test
    void callsAreCountedUnderGoGrpcPrometheusNames() {
        PeerServiceGrpc.PeerServiceBlockingStub admin = withHeaders(Map.of("x-api-key", KEY));
        admin.banPeer(BanPeerRequest.newBuilder().setAddr("198.51.100.8").build());
        status(() -> stub.banPeer(BanPeerRequest.newBuilder().setAddr("198.51.100.9").build()));
        stub.listBanned(Empty.getDefaultInstance());

        Map<String, String> banPeer = Map.of("grpc_type", "unary", "grpc_service", "p2p_api.PeerService",
                "grpc_method", "BanPeer");
        assertTrue(count("grpc_server_started_total", banPeer) >= 2);
        assertTrue(count("grpc_server_handled_total", with(banPeer, "grpc_code", "OK")) >= 1);
        // Refused by the key check, still counted: the metrics interceptor runs outside it.
        assertTrue(count("grpc_server_handled_total", with(banPeer, "grpc_code", "Unauthenticated")) >= 1);
        assertTrue(count("grpc_server_msg_received_total", banPeer) >= 1);
        assertTrue(count("grpc_server_msg_sent_total", banPeer) >= 1);
        assertTrue(count("grpc_server_handled_total", Map.of("grpc_method", "ListBanned", "grpc_code", "OK")) >= 1);
    }

    /**
     * Refused calls must leave the connection usable: a client that sends a wrong key and then the right one on the
     * same channel (PackagedServerIT does) once got "Abrupt GOAWAY ... PROTOCOL_ERROR" on its next call.
     */
    @Test
    void refusedCallsLeaveTheConnectionUsable() {
        BanPeerRequest ban = BanPeerRequest.newBuilder().setAddr("198.51.100.9").build();
        for (int i = 0; i < 300; i++) {
            Status refused = status(() -> withHeaders(Map.of("x-api-key", "wrong")).banPeer(ban));
            assertEquals(Status.Code.UNAUTHENTICATED, refused.getCode(), "call " + i + ": " + refused);
            assertTrue(withHeaders(Map.of()).isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("192.0.2.1").build())
                    != null, "call " + i);
        }
        assertTrue(withHeaders(Map.of("x-api-key", KEY)).banPeer(ban).getOk());
        assertTrue(withHeaders(Map.of("x-api-key", KEY))
                .unbanPeer(UnbanPeerRequest.newBuilder().setAddr("198.51.100.9").build()).getOk());
    }

    @Test
    void goCodeNamesMatchGrpcGo() {
        assertEquals("OK", GrpcServerMetrics.goCode(Status.Code.OK));
        assertEquals("InvalidArgument", GrpcServerMetrics.goCode(Status.Code.INVALID_ARGUMENT));
        assertEquals("DeadlineExceeded", GrpcServerMetrics.goCode(Status.Code.DEADLINE_EXCEEDED));
        assertEquals("Unauthenticated", GrpcServerMetrics.goCode(Status.Code.UNAUTHENTICATED));
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put(name, value);
        return all;
    }

    /** The summed count of the series {@code name} with these labels, 0 when none exists. */
    private static double count(String name, Map<String, String> labels) {
        double total = 0;
        for (Meter meter : METERS.meters()) {
            if (!meter.id().name().equals(name)) {
                continue;
            }
            Map<String, String> tags = meter.id().tagsMap();
            boolean match = labels.entrySet().stream().allMatch(e -> e.getValue().equals(tags.get(e.getKey())));
            if (match && meter instanceof io.helidon.metrics.api.Counter counter) {
                total += counter.count();
            }
        }
        return total;
    }

    /** An in-memory ban list; "explode" stands for a store that fails. */
    private static final class RecordingBans implements BanListAccess {
        private final java.util.Set<String> bans = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public boolean isBanned(String ipOrSubnet) {
            if (ipOrSubnet.equals("explode")) {
                throw new IllegalStateException("store unavailable");
            }
            return bans.contains(ipOrSubnet);
        }

        @Override
        public void ban(String ipOrSubnet, java.time.Instant until) {
            bans.add(ipOrSubnet);
        }

        @Override
        public boolean unban(String ipOrSubnet) {
            return bans.remove(ipOrSubnet);
        }

        @Override
        public List<String> listBanned() {
            return bans.stream().sorted().collect(Collectors.toList());
        }

        @Override
        public void clear() {
            bans.clear();
        }

        @Override
        public int size() {
            return bans.size();
        }

        @Override
        public AutoCloseable subscribe(java.util.function.Consumer<p2p.ban.BanEvent> listener) {
            return () -> { };
        }
    }

    /** Ban scoring is not under test here. */
    private static final class NoScoring implements BanScoring {
        @Override
        public java.util.Optional<p2p.ban.BanScore> score(String peerId) {
            return java.util.Optional.empty();
        }

        @Override
        public p2p.ban.BanScore addScore(String peerId, BanReason reason) {
            throw new UnsupportedOperationException("not scored in this test");
        }
    }
}
