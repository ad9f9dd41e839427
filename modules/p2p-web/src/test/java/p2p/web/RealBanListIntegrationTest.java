package p2p.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.helidon.metrics.api.MeterRegistry;

import p2p.ban.BanList;
import p2p.ban.BanListMeters;
import p2p.ban.BanSettings;
import p2p.ban.PeerBanManager;
import p2p.web.pb.AddBanScoreRequest;
import p2p.web.pb.BanPeerRequest;
import p2p.web.pb.IsBannedRequest;
import p2p.web.pb.PeerServiceGrpc;
import p2p.web.pb.UnbanPeerRequest;
import p2p.testkit.Await;

/** The operator server on the real SQL ban list (embedded Derby) and ban manager, end to end over gRPC and WS. */
class RealBanListIntegrationTest {
    @TempDir
    Path dataDir;

    private BanList banList;
    private AutoCloseable banMeters;
    private final List<String> bannedPeers = new CopyOnWriteArrayList<>();
    private OperatorServer server;
    private ManagedChannel channel;
    private PeerServiceGrpc.PeerServiceBlockingStub stub;
    private PeerServiceGrpc.PeerServiceBlockingStub admin;

    @BeforeEach
    void start() {
        banList = BanList.open(new BanSettings("jdbc:derby:" + dataDir.resolve("bans") + ";create=true", "", "",
                1_000, Duration.ofHours(24)));
        PeerBanManager manager = new PeerBanManager(100, Duration.ofHours(24), Clock.systemUTC(),
                (peerId, until, reason) -> bannedPeers.add(peerId + ":" + reason.wireName()));
        MeterRegistry meters = Meters.registry();
        banMeters = BanListMeters.register(banList, meters, List.of());
        server = OperatorServer.builder(TestServers.loopback().build())
                .meters(meters)
                .banList(BanListAccess.of(banList))
                .banScoring(BanScoring.of(manager))
                .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        stub = PeerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), TestServers.API_KEY);
        admin = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        banMeters.close();
        banList.close();
    }

    @Test
    void banPeerPersistsNotifiesWebSocketClientsAndCountsInMetrics() throws Exception {
        try (WsTestClient client = new WsTestClient(server.httpPort())) {
            Await.until("client attached", TestServers.DEADLINE, () -> server.notifications().clientCount() == 1);
            long until = Instant.now().plusSeconds(3_600).getEpochSecond();
            assertTrue(admin.banPeer(BanPeerRequest.newBuilder().setAddr("10.0.0.1").setUntil(until).build()).getOk());
            assertTrue(admin.banPeer(BanPeerRequest.newBuilder().setAddr("2001:db8::/32").setUntil(until).build())
                    .getOk());

            assertTrue(client.nextOfType("ban").contains("\"ip\":\"10.0.0.1\""));
            assertTrue(client.nextOfType("ban").contains("\"subnet\":\"2001:db8::/32\""));
            assertTrue(stub.isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("10.0.0.1:9905").build())
                    .getIsBanned());
            assertTrue(stub.isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("2001:db8::1").build()).getIsBanned());
            assertTrue(stub.isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("2001:db8::/32").build())
                    .getIsBanned());
            assertEquals(List.of("10.0.0.1", "2001:db8::/32"),
                    stub.listBanned(Empty.getDefaultInstance()).getBannedList().stream().sorted().toList());

            assertTrue(admin.unbanPeer(UnbanPeerRequest.newBuilder().setAddr("10.0.0.1").build()).getOk());
            assertTrue(client.nextOfType("unban").contains("\"ip\":\"10.0.0.1\""));
            assertFalse(stub.isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("10.0.0.1").build()).getIsBanned());

            // p2p.ban's own meters, registered in the registry the server scrapes.
            String metrics = TestServers.scrape(server.httpPort());
            assertTrue(metrics.contains("\np2p_ban_list_size{scope=\"application\",} 1.0\n"), metrics);
            assertTrue(metrics.contains("\np2p_ban_events_total{action=\"add\",scope=\"application\",} 2.0\n"), metrics);
            assertTrue(metrics.contains("\np2p_ban_events_total{action=\"remove\",scope=\"application\",} 1.0\n"),
                    metrics);

            assertTrue(admin.clearBanned(Empty.getDefaultInstance()).getOk());
            assertTrue(client.nextOfType("unban").contains("\"subnet\":\"2001:db8::/32\""));
            assertEquals(0, stub.listBanned(Empty.getDefaultInstance()).getBannedCount());
        }
    }

    @Test
    void anInvalidTargetIsInvalidArgumentNamingItAndNothingIsStored() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> admin.banPeer(
                BanPeerRequest.newBuilder().setAddr("10.0.0.300").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("10.0.0.300"), e.getStatus().getDescription());
        assertEquals(0, banList.size());
        assertTrue(admin.banPeer(BanPeerRequest.newBuilder().setAddr("10.0.0.3").build()).getOk());
        assertEquals(1, banList.size());
    }

    @Test
    void addBanScoreReachesTheThresholdAndTheManagerBansThePeer() {
        AddBanScoreRequest spam = AddBanScoreRequest.newBuilder().setPeerId("12D3KooWspammer").setReason("spam").build();
        assertTrue(admin.addBanScore(spam).getOk());
        assertTrue(bannedPeers.isEmpty());
        assertTrue(admin.addBanScore(spam).getOk());
        assertEquals(List.of("12D3KooWspammer:spam"), bannedPeers);
    }
}
