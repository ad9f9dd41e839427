package p2p.testkit.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import p2p.chain.BlockHash;
import p2p.chain.BlockHeaderInfo;
import p2p.chain.BlockchainClient;
import p2p.chain.ChainException;
import p2p.chain.ChainNotification;
import p2p.chain.FsmState;
import p2p.chain.GenesisHeaders;
import p2p.chain.GrpcBlockchainClient;
import p2p.chain.pb.FSMStateType;
import p2p.chain.pb.GetBlockHeaderResponse;
import p2p.chain.pb.ModelProto;
import p2p.chain.pb.Notification;
import p2p.chain.pb.NotificationMetadata;
import p2p.testkit.Await;

/**
 * Teranode's blockchain service over gRPC, against {@link FakeBlockchainService}: the blockchain-client contract, then
 * what is the gRPC client's own (chain work as the service sent it, FSM changes and the FSM wait, an unreachable
 * service, the notification stream and its resubscription).
 */
class GrpcBlockchainClientTest extends BlockchainClientContract {
    private FakeBlockchainService service;
    private GrpcBlockchainClient client;

    @BeforeEach
    void start() throws Exception {
        service = new FakeBlockchainService();
        service.add(GetBlockHeaderResponse.newBuilder()
                .setBlockHeader(ByteString.copyFrom(GenesisHeaders.forNetwork("regtest"))).setHeight(0)
                .setChainWork(ByteString.copyFrom(HexFormat.of().parseHex("00".repeat(31) + "02"))).build());
        service.start(0);
        client = new GrpcBlockchainClient("127.0.0.1:" + service.port());
    }

    @Override
    protected BlockchainClient client() {
        return client;
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        service.stop();
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), condition);
    }

    private static Notification block(int marker) {
        byte[] hash = new byte[32];
        hash[0] = (byte) marker;
        return Notification.newBuilder().setType(ModelProto.NotificationType.Block).setHash(ByteString.copyFrom(hash))
                .setBaseURL("http://asset").setMetadata(NotificationMetadata.newBuilder().putMetadata("miner", "m"))
                .build();
    }

    @Test
    void readsHeadersExistenceFsmAndHealth() {
        BlockHeaderInfo best = client.bestBlockHeader();
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", best.hash().toDisplayHex());
        assertEquals("00".repeat(31) + "02", HexFormat.of().formatHex(best.chainWork()), "chain_work as the service sent it");
        assertEquals(best.hash(), client.blockHeader(best.hash()).orElseThrow().hash());
        assertTrue(client.blockHeader(BlockHash.fromBytes(new byte[32])).isEmpty());
        assertTrue(client.blockExists(best.hash()));
        assertFalse(client.blockExists(BlockHash.fromBytes(new byte[32])));
        assertEquals(FsmState.RUNNING, client.fsmState());
        service.setFsm(FSMStateType.CATCHINGBLOCKS);
        assertEquals(FsmState.CATCHINGBLOCKS, client.fsmState());
        assertTrue(client.health().ok());
    }

    @Test
    void theFsmWaitReturnsOnceTheServiceLeavesIdle() throws Exception {
        service.setFsm(FSMStateType.IDLE);
        assertFalse(client.awaitFsmLeavesIdle(Duration.ofMillis(200)));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
                () -> client.awaitFsmLeavesIdle(Duration.ofSeconds(20)));
        service.setFsm(FSMStateType.RUNNING);
        assertTrue(waiting.get(30, TimeUnit.SECONDS));
        assertTrue(client.awaitFsmLeavesIdle(Duration.ofSeconds(20)));
    }

    @Test
    void stateRoundTripsThroughTheService() {
        assertTrue(client.getState("p2p.privateKey").isEmpty());
        client.setState("p2p.privateKey", new byte[] {9, 8, 7});
        assertArrayEquals(new byte[] {9, 8, 7}, client.getState("p2p.privateKey").orElseThrow());
        assertArrayEquals(new byte[] {9, 8, 7}, service.state("p2p.privateKey").orElseThrow());
    }

    @Test
    void waitingForTheFsmWaitsForAnUnreachableServiceInsteadOfFailing() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (GrpcBlockchainClient down = new GrpcBlockchainClient("127.0.0.1:" + port)) {
            assertFalse(down.awaitFsmLeavesIdle(Duration.ofMillis(300)), "not yet, and no exception");
            FakeBlockchainService late = new FakeBlockchainService();
            late.start(port);
            try {
                assertTrue(down.awaitFsmLeavesIdle(Duration.ofSeconds(30)));
            } finally {
                late.stop();
            }
        }
    }

    @Test
    void aMissingKeyAnsweredAsTeranodeAnswersItIsAbsentButOtherFailuresAreErrors() {
        assertTrue(client.getState("no.such.key").isEmpty(), "Teranode answers UNKNOWN for a missing key");
        service.failGetState(io.grpc.Status.INTERNAL.withDescription("database down"));
        ChainException internal = org.junit.jupiter.api.Assertions.assertThrows(ChainException.class,
                () -> client.getState("p2p.privateKey"));
        assertTrue(internal.getMessage().contains("GetState"), internal.getMessage());
        service.failGetState(io.grpc.Status.UNAVAILABLE);
        org.junit.jupiter.api.Assertions.assertThrows(ChainException.class, () -> client.getState("p2p.privateKey"));
        service.failGetState(null);
        assertTrue(client.getState("p2p.privateKey").isEmpty());
    }

    @Test
    void unreachableServiceIsUnhealthyAndCallsFailNamingTheAddress() throws Exception {
        service.stop();
        assertFalse(client.health().ok());
        ChainException e = assertThrows(ChainException.class, () -> client.bestBlockHeader());
        assertTrue(e.getMessage().startsWith("GetBestBlockHeader on blockchain service 127.0.0.1:"), e.getMessage());
    }

    @Test
    void notificationsArriveAndTheStreamSurvivesAFailingListener() throws Exception {
        List<ChainNotification> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = client.subscribe("p2p", n -> {
            seen.add(n);
            if (seen.size() == 1) {
                throw new IllegalStateException("listener bug");
            }
        })) {
            await("subscription", () -> service.subscriberCount() == 1);
            service.publish(block(1));
            service.publish(block(2));
            await("two notifications", () -> seen.size() == 2);
            assertEquals(ChainNotification.Type.BLOCK, seen.get(1).type());
            assertEquals(2, seen.get(1).hash().bytes()[0]);
            assertEquals("http://asset", seen.get(1).baseUrl());
            assertEquals("m", seen.get(1).metadata().get("miner"));
        }
    }

    @Test
    void aBrokenStreamIsResubscribedWhenTheServiceReturns() throws Exception {
        List<ChainNotification> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = client.subscribe("p2p", seen::add)) {
            await("subscription", () -> service.subscriberCount() == 1);
            service.publish(block(1));
            await("first notification", () -> seen.size() == 1);
            int port = service.port();
            service.stop();
            FakeBlockchainService restarted = new FakeBlockchainService();
            restarted.start(port);
            service = restarted;
            await("re-subscription", () -> restarted.subscriberCount() == 1);
            restarted.publish(block(2));
            await("notification after restart", () -> seen.size() == 2);
            assertEquals(2, seen.get(1).hash().bytes()[0]);
        }
    }

    @Test
    void closingTheSubscriptionStopsDelivery() throws Exception {
        List<ChainNotification> seen = new CopyOnWriteArrayList<>();
        AutoCloseable sub = client.subscribe("p2p", seen::add);
        await("subscription", () -> service.subscriberCount() == 1);
        sub.close();
        await("server sees the cancel", () -> service.subscriberCount() == 0);
        assertEquals(List.of(), seen);
    }
}
