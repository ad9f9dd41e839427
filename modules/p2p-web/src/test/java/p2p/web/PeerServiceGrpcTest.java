package p2p.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import p2p.ban.BanReason;
import p2p.web.pb.AddBanScoreRequest;
import p2p.web.pb.BanPeerRequest;
import p2p.web.pb.IsBannedRequest;
import p2p.web.pb.Peer;
import p2p.web.pb.PeerServiceGrpc;
import p2p.web.pb.UnbanPeerRequest;

class PeerServiceGrpcTest {
    private static final Instant NOW = Instant.parse("2025-07-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long IN_ONE_HOUR = NOW.plusSeconds(3_600).getEpochSecond();

    private final FakeBanList banList = new FakeBanList();
    private final FakeBanScoring banScoring = new FakeBanScoring();
    private OperatorServer server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    private PeerServiceGrpc.PeerServiceBlockingStub start(PeerDirectory peers, BanListAccess bans) {
        server = OperatorServer.builder(TestServers.loopback().defaultBanDuration(Duration.ofHours(24)).build())
                .banList(bans)
                .banScoring(banScoring)
                .peers(peers)
                .clock(CLOCK)
                .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        return PeerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private PeerServiceGrpc.PeerServiceBlockingStub start() {
        return start(PeerDirectory.EMPTY, banList);
    }

    private static PeerServiceGrpc.PeerServiceBlockingStub withKey(PeerServiceGrpc.PeerServiceBlockingStub stub,
                                                                  String key) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), key);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void getPeersIsEmptyUntilTheNodeProvidesADirectory() {
        assertEquals(0, start().getPeers(Empty.getDefaultInstance()).getPeersCount());
    }

    @Test
    void getPeersMapsEveryPeerFieldAndTakesTheBanScoreFromTheBanManager() {
        PeerView full = new PeerView("12D3KooWfull", "/ip4/10.0.0.1/tcp/9905", "/ip4/10.0.0.2/tcp/9905", "1",
                1_700_000_005L, 1_700_000_006L, 7, 8, 9, true, true, Long.MAX_VALUE, 13, 14, "assoc", "policy", true,
                1_700_000_018L, 19, -20, 21, "teranode/bitcoin/1.0.0", 23, 24, 25, true, 27);
        PeerView other = PeerView.builder("12D3KooWother").addr("/ip4/10.0.0.3/tcp/9905").currentHeight(5)
                .banScore(3).build();
        PeerServiceGrpc.PeerServiceBlockingStub stub = start(() -> List.of(full, other), banList);
        banScoring.addScore("12D3KooWfull", BanReason.PROTOCOL_VIOLATION);

        List<Peer> peers = stub.getPeers(Empty.getDefaultInstance()).getPeersList();
        assertEquals(2, peers.size());
        Peer expected = Peer.newBuilder().setId("12D3KooWfull").setAddr("/ip4/10.0.0.1/tcp/9905")
                .setAddrLocal("/ip4/10.0.0.2/tcp/9905").setServices("1").setLastSend(1_700_000_005L)
                .setLastRecv(1_700_000_006L).setSendSize(7).setRecvSize(8).setSendMemory(9).setPauseSend(true)
                .setUnpauseSend(true).setBytesSent(Long.MAX_VALUE).setBytesReceived(13).setAvgRecvBandwidth(14)
                .setAssocId("assoc").setStreamPolicy("policy").setInbound(true).setConnTime(1_700_000_018L)
                .setPingTime(19).setTimeOffset(-20).setVersion(21).setSubVer("teranode/bitcoin/1.0.0")
                .setStartingHeight(23).setCurrentHeight(24).setBanscore(BanReason.PROTOCOL_VIOLATION.points())
                .setWhitelisted(true).setFeeFilter(27).build();
        assertEquals(expected, peers.get(0));
        assertEquals("12D3KooWother", peers.get(1).getId());
        assertEquals(5, peers.get(1).getCurrentHeight());
        assertEquals(3, peers.get(1).getBanscore(), "no score in the manager: the directory's value stands");
    }

    @Test
    void banPeerWithTheKeyBansUntilTheGivenTime() {
        PeerServiceGrpc.PeerServiceBlockingStub stub = start();
        assertTrue(withKey(stub, TestServers.API_KEY).banPeer(BanPeerRequest.newBuilder()
                .setAddr("10.0.0.1").setUntil(IN_ONE_HOUR).build()).getOk());
        assertEquals(Instant.ofEpochSecond(IN_ONE_HOUR), banList.expiry("10.0.0.1"));
        assertEquals(List.of("10.0.0.1"), stub.listBanned(Empty.getDefaultInstance()).getBannedList(),
                "a single address is listed bare, as Teranode lists it");
    }

    @Test
    void anIpPortTargetAsTheAlertServiceSendsItBansTheIp() {
        PeerServiceGrpc.PeerServiceBlockingStub stub = start();
        assertTrue(withKey(stub, TestServers.API_KEY).banPeer(BanPeerRequest.newBuilder()
                .setAddr("203.0.113.7:8333").setUntil(IN_ONE_HOUR).build()).getOk());
        assertEquals(List.of("203.0.113.7"), stub.listBanned(Empty.getDefaultInstance()).getBannedList());
    }

    @Test
    void aPastUntilIsAcceptedAndStoredAsTeranodeDoes() {
        PeerServiceGrpc.PeerServiceBlockingStub admin = withKey(start(), TestServers.API_KEY);
        assertTrue(admin.banPeer(BanPeerRequest.newBuilder().setAddr("10.0.0.1")
                .setUntil(NOW.getEpochSecond() - 1).build()).getOk());
        assertEquals(NOW.minusSeconds(1), banList.expiry("10.0.0.1"));
    }

    @Test
    void aBanWiderThanTheLimitsOrCoveringTheNodeIsRefusedUnlessForced() {
        PeerDirectory self = new PeerDirectory() {
            @Override
            public List<PeerView> peers() {
                return List.of();
            }

            @Override
            public List<java.net.InetAddress> localAddresses() {
                try {
                    return List.of(java.net.InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 10}));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        PeerServiceGrpc.PeerServiceBlockingStub admin = withKey(start(self, banList), TestServers.API_KEY);
        StatusRuntimeException v4 = assertThrows(StatusRuntimeException.class, () -> admin.banPeer(
                BanPeerRequest.newBuilder().setAddr("0.0.0.0/0").setUntil(IN_ONE_HOUR).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, v4.getStatus().getCode());
        assertEquals("BanPeer: ban of 0.0.0.0/0 is wider than the /8 limit for IPv4; send the header"
                + " x-ban-force: true if it is meant", v4.getStatus().getDescription());
        StatusRuntimeException v6 = assertThrows(StatusRuntimeException.class, () -> admin.banPeer(
                BanPeerRequest.newBuilder().setAddr("2001:db8::/31").setUntil(IN_ONE_HOUR).build()));
        assertTrue(v6.getStatus().getDescription().contains("wider than the /32 limit for IPv6"),
                v6.getStatus().getDescription());
        StatusRuntimeException own = assertThrows(StatusRuntimeException.class, () -> admin.banPeer(
                BanPeerRequest.newBuilder().setAddr("192.0.2.0/24").setUntil(IN_ONE_HOUR).build()));
        assertTrue(own.getStatus().getDescription().contains("covers this node's own address 192.0.2.10"),
                own.getStatus().getDescription());
        assertEquals(0, banList.size());

        assertTrue(admin.banPeer(BanPeerRequest.newBuilder().setAddr("10.0.0.0/8").setUntil(IN_ONE_HOUR).build())
                .getOk(), "/8 is within the limit");
        assertTrue(admin.banPeer(BanPeerRequest.newBuilder().setAddr("2001:db8::/32").setUntil(IN_ONE_HOUR).build())
                .getOk(), "/32 is within the IPv6 limit");
        Metadata force = new Metadata();
        force.put(Metadata.Key.of("x-ban-force", Metadata.ASCII_STRING_MARSHALLER), "true");
        PeerServiceGrpc.PeerServiceBlockingStub forced =
                admin.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(force));
        assertTrue(forced.banPeer(BanPeerRequest.newBuilder().setAddr("0.0.0.0/0").setUntil(IN_ONE_HOUR).build())
                .getOk());
        assertTrue(forced.banPeer(BanPeerRequest.newBuilder().setAddr("192.0.2.10").setUntil(IN_ONE_HOUR).build())
                .getOk());
        assertEquals(List.of("0.0.0.0/0", "10.0.0.0/8", "192.0.2.10", "2001:db8::/32"),
                admin.listBanned(Empty.getDefaultInstance()).getBannedList());
    }

    @Test
    void banPeerWithUntilZeroUsesTheDefaultBanDuration() {
        withKey(start(), TestServers.API_KEY).banPeer(BanPeerRequest.newBuilder().setAddr("10.0.0.0/8").build());
        assertEquals(NOW.plus(Duration.ofHours(24)), banList.expiry("10.0.0.0/8"));
    }

    @Test
    void banAndUnbanWithoutOrWithAWrongKeyAreUnauthenticatedAndChangeNothing() {
        PeerServiceGrpc.PeerServiceBlockingStub stub = start();
        BanPeerRequest ban = BanPeerRequest.newBuilder().setAddr("10.0.0.1").setUntil(IN_ONE_HOUR).build();
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> stub.banPeer(ban)));
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> withKey(stub, "wrong").banPeer(ban)));
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> withKey(stub, "").banPeer(ban)));
        assertEquals(0, banList.size());

        banList.ban("10.0.0.2", NOW.plusSeconds(60));
        UnbanPeerRequest unban = UnbanPeerRequest.newBuilder().setAddr("10.0.0.2").build();
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> stub.unbanPeer(unban)));
        StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class,
                () -> withKey(stub, TestServers.API_KEY + "x").unbanPeer(unban));
        assertEquals("invalid API key", wrong.getStatus().getDescription());
        assertEquals(1, banList.size());
    }

    @Test
    void unbanPeerWithTheKeyRemovesTheEntryAndIsOkAlsoWhenThereWasNone() {
        PeerServiceGrpc.PeerServiceBlockingStub admin = withKey(start(), TestServers.API_KEY);
        banList.ban("10.0.0.2", NOW.plusSeconds(60));
        assertTrue(admin.unbanPeer(UnbanPeerRequest.newBuilder().setAddr("10.0.0.2").build()).getOk());
        assertEquals(0, banList.size());
        assertTrue(admin.unbanPeer(UnbanPeerRequest.newBuilder().setAddr("10.0.0.2").build()).getOk());
    }

    @Test
    void malformedBanRequestsAreInvalidArgumentAndTheServerKeepsServing() {
        PeerServiceGrpc.PeerServiceBlockingStub stub = start();
        PeerServiceGrpc.PeerServiceBlockingStub admin = withKey(stub, TestServers.API_KEY);
        StatusRuntimeException badIp = assertThrows(StatusRuntimeException.class, () -> admin.banPeer(
                BanPeerRequest.newBuilder().setAddr("999.1.1.1").setUntil(IN_ONE_HOUR).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, badIp.getStatus().getCode());
        assertTrue(badIp.getStatus().getDescription().contains("999.1.1.1"), badIp.getStatus().getDescription());

        assertEquals("BanPeer: addr is empty", assertThrows(StatusRuntimeException.class, () -> admin.banPeer(
                BanPeerRequest.newBuilder().setUntil(IN_ONE_HOUR).build())).getStatus().getDescription());
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> admin.banPeer(
                BanPeerRequest.newBuilder().setAddr("10.0.0.1").setUntil(-1).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> admin.banPeer(
                BanPeerRequest.newBuilder().setAddr("10.0.0.1").setUntil(Long.MAX_VALUE).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> admin.unbanPeer(
                UnbanPeerRequest.newBuilder().setAddr("not-an-ip").build())));

        assertEquals(0, banList.size());
        assertTrue(admin.banPeer(BanPeerRequest.newBuilder().setAddr("10.0.0.1").setUntil(IN_ONE_HOUR).build())
                .getOk());
        assertEquals(List.of("10.0.0.1"), stub.listBanned(Empty.getDefaultInstance()).getBannedList());
    }

    @Test
    void isBannedAnswersForListedAndUnlistedAndInvalidInput() {
        PeerServiceGrpc.PeerServiceBlockingStub stub = start();
        banList.ban("10.0.0.1", Instant.now().plusSeconds(600));
        assertTrue(stub.isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("10.0.0.1").build()).getIsBanned());
        assertFalse(stub.isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("10.0.0.9").build()).getIsBanned());
        assertFalse(stub.isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("garbage").build()).getIsBanned());
    }

    @Test
    void clearBannedNeedsTheKeyThenEmptiesTheList() {
        PeerServiceGrpc.PeerServiceBlockingStub stub = start();
        banList.ban("10.0.0.1", NOW.plusSeconds(60));
        banList.ban("10.2.0.0/16", NOW.plusSeconds(60));
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> stub.clearBanned(Empty.getDefaultInstance())),
                "Teranode leaves ClearBanned open (spec 14.2 #14)");
        assertEquals(2, stub.listBanned(Empty.getDefaultInstance()).getBannedCount(), "read-only calls stay open");
        assertTrue(withKey(stub, TestServers.API_KEY).clearBanned(Empty.getDefaultInstance()).getOk());
        assertEquals(0, stub.listBanned(Empty.getDefaultInstance()).getBannedCount());
    }

    @Test
    void addBanScoreNeedsTheKeyAddsTheReasonsPointsAndScoresUnknownReasonsAsOnePoint() {
        PeerServiceGrpc.PeerServiceBlockingStub open = start();
        AddBanScoreRequest spam = AddBanScoreRequest.newBuilder().setPeerId("12D3KooWpeer").setReason("spam").build();
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> open.addBanScore(spam)));
        assertTrue(banScoring.score("12D3KooWpeer").isEmpty());
        PeerServiceGrpc.PeerServiceBlockingStub stub = withKey(open, TestServers.API_KEY);
        assertTrue(stub.addBanScore(AddBanScoreRequest.newBuilder().setPeerId("12D3KooWpeer").setReason("spam")
                .build()).getOk());
        assertTrue(stub.addBanScore(AddBanScoreRequest.newBuilder().setPeerId("12D3KooWpeer")
                .setReason("invalid_block").build()).getOk());
        assertEquals(60, banScoring.score("12D3KooWpeer").orElseThrow().score());

        assertTrue(stub.addBanScore(AddBanScoreRequest.newBuilder().setPeerId("12D3KooWpeer").setReason("rudeness")
                .build()).getOk(), "Teranode scores an unknown reason as unknown");
        assertEquals(61, banScoring.score("12D3KooWpeer").orElseThrow().score());
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> stub.addBanScore(
                AddBanScoreRequest.newBuilder().setReason("spam").build())));
        assertEquals(61, banScoring.score("12D3KooWpeer").orElseThrow().score());
    }

    @Test
    void anUnexpectedFailureEndsOnlyThatCallWithInternal() {
        BanListAccess failing = new FakeBanList() {
            @Override
            public List<String> listBanned() {
                throw new IllegalStateException("database gone");
            }
        };
        PeerServiceGrpc.PeerServiceBlockingStub stub = start(PeerDirectory.EMPTY, failing);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.listBanned(Empty.getDefaultInstance()));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("ListBanned failed: database gone", e.getStatus().getDescription());
        assertFalse(stub.isBanned(IsBannedRequest.newBuilder().setIpOrSubnet("10.0.0.1").build()).getIsBanned());
    }

    @Test
    void serverReflectionListsThePeerService() throws Exception {
        start();
        LinkedBlockingQueue<ServerReflectionResponse> responses = new LinkedBlockingQueue<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        responses.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        ServerReflectionResponse response = responses.poll(20, TimeUnit.SECONDS);
        requests.onCompleted();
        assertTrue(response != null && response.getListServicesResponse().getServiceList().stream()
                .anyMatch(s -> s.getName().equals("p2p_api.PeerService")), String.valueOf(response));
    }
}
