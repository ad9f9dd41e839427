package p2p.app;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2p.app.AppNode.await;
import static p2p.app.AppNode.header;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.ban.BanList;
import p2p.ban.BanSettings;
import p2p.chain.pb.GetBlockHeaderResponse;
import p2p.testkit.kafka.TestBroker;
import p2p.web.pb.BanPeerRequest;
import p2p.web.pb.PeerServiceGrpc;
import p2p.web.pb.UnbanPeerRequest;

/**
 * Scale-out with a shared PostgreSQL ban list (issue 18 item 3, README "Shared ban list"): nodes a and b keep their
 * bans in one PostgreSQL database, node c (its own Derby list) has both as static peers. An operator bans c's
 * address on a (gRPC BanPeer); b, told by the database's NOTIFY, lists the ban, drops c and refuses c's re-dial; the
 * unban on a lifts it on b too and c is let back in. The delays are printed (load-dependent, so not asserted).
 *
 * <p>Every node here is on 127.0.0.1, so the ban of c's address bans a's and b's addresses as well: the test looks
 * at b's view of c only. Runs only when {@code P2P_TEST_PG_URL} names a database (CI's .ci/run starts one); it
 * clears that database's {@code bans} table.
 */
class SharedBanListTwoNodeTest {
    private static final String SKIPPED = "skipped: no PostgreSQL server (set P2P_TEST_PG_URL)";
    private static final String API_KEY = "shared-ban-admin";
    private static final GetBlockHeaderResponse GENESIS = header(0, 0);

    @TempDir
    Path dir;
    private final List<AppNode> nodes = new ArrayList<>();
    private String sharedDb;

    @BeforeEach
    void clearTheSharedTable() {
        String url = System.getenv("P2P_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            System.out.println(SKIPPED);
        }
        Assumptions.assumeTrue(url != null && !url.isBlank(), SKIPPED);
        String user = System.getenv().getOrDefault("P2P_TEST_PG_USER", "");
        String password = System.getenv().getOrDefault("P2P_TEST_PG_PASSWORD", "");
        try (BanList list = BanList.open(new BanSettings(url, user, password, 100, Duration.ofDays(1)))) {
            list.clear();
        }
        sharedDb = """
                p2p_ban_persist_path: "%s"
                p2p_ban_db_user: "%s"
                p2p_ban_db_password: "%s"
                grpc_admin_api_key: %s
                """.formatted(url, user, password, API_KEY);
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AppNode node : nodes.reversed()) {
            node.close();
        }
    }

    private AppNode node(String name, List<String> staticPeers, String extraYaml) throws Exception {
        AppNode node = AppNode.start(name, dir, TestBroker.shared(), "sharedban-" + name, GENESIS, staticPeers,
                extraYaml);
        nodes.add(node);
        return node;
    }

    @Test
    void aBanOnOneNodeIsEnforcedByTheOtherAndAnUnbanLiftsIt() throws Exception {
        AppNode a = node("a", List.of(), sharedDb);
        AppNode b = node("b", List.of(), sharedDb);
        AppNode c = node("c", List.of(a.multiaddr, b.multiaddr), "");
        await("a and b list c", () -> a.peer(c).isPresent() && b.peer(c).isPresent());

        long start = System.nanoTime();
        admin(a, stub -> stub.banPeer(BanPeerRequest.newBuilder().setAddr("127.0.0.1")
                .setUntil(Instant.now().plus(Duration.ofHours(1)).getEpochSecond()).build()));
        long answered = System.nanoTime();
        await("b lists the ban made on a", () -> b.banned().contains("127.0.0.1"));
        long listed = System.nanoTime();
        await("b dropped c", () -> b.peer(c).isEmpty());
        long dropped = System.nanoTime();
        System.out.printf("shared ban list: BanPeer on a answered in %.0f ms; b listed the ban %.0f ms and had dropped"
                + " c %.0f ms after that answer%n", ms(start, answered), ms(answered, listed), ms(answered, dropped));
        // c dials b again (its static peer): b's gater refuses it before any byte is read.
        await("b refused c's re-dial", () -> b.metric("p2p_connections_gated_total", "direction", "inbound") >= 1);
        assertTrue(b.peer(c).isEmpty());

        start = System.nanoTime();
        admin(a, stub -> stub.unbanPeer(UnbanPeerRequest.newBuilder().setAddr("127.0.0.1").build()));
        answered = System.nanoTime();
        await("b lifted the ban lifted on a", () -> b.banned().isEmpty());
        listed = System.nanoTime();
        System.out.printf("shared ban list: UnbanPeer on a answered in %.0f ms; b lifted the ban %.0f ms after%n",
                ms(start, answered), ms(answered, listed));
        await("c is back on b (its capped redial backoff)", () -> b.peer(c).isPresent());
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }

    /** One call with the admin key in the {@code x-api-key} metadata, as Teranode's RPC service sends it, forced. */
    private static void admin(AppNode node, java.util.function.Consumer<PeerServiceGrpc.PeerServiceBlockingStub> call)
            throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.app.grpcPort()).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), API_KEY);
            // 127.0.0.1 is a's own address too: BanPeer refuses that unless forced (README, BanPeer).
            headers.put(Metadata.Key.of("x-ban-force", Metadata.ASCII_STRING_MARSHALLER), "true");
            call.accept(PeerServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(30, TimeUnit.SECONDS));
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
