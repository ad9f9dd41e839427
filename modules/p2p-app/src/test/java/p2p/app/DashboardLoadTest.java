package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.ban.BanList;
import p2p.ban.BanSettings;
import p2p.ban.PeerBanManager;
import p2p.testkit.Harness;
import p2p.web.BanListAccess;
import p2p.web.BanScoring;
import p2p.web.OperatorServer;
import p2p.web.PeerDirectory;
import p2p.web.PeerView;
import p2p.web.WebSettings;
import p2p.web.notify.Notification;

/**
 * The dashboard under the load issue 16 names: 100 peers in its table and 50 notifications a second in its feed, in
 * Debian's chromium ({@link BrowserDriver}). The operator server, its ban list (Derby) and its WebSocket hub are
 * real; the 100 peers are rows of a {@link PeerDirectory}, since a hundred libp2p peers are beyond what this test
 * may start on a shared machine and the page's cost depends only on the rows it is given. What the page does meanwhile
 * (frames per second, long tasks, DOM size) is printed, not asserted; the bounded feed and the full table are.
 */
class DashboardLoadTest {
    private static final Path HARNESS = Harness.dir("browser.harness.dir", "browser");
    private static final int PEERS = 100;
    private static final int PER_SECOND = 50;
    private static final int SECONDS = 5;

    @TempDir
    Path dir;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void needsBrowser() {
        String reason = BrowserDriver.unavailableReason(HARNESS);
        Assumptions.assumeTrue(reason == null, () -> "dashboard load test skipped: " + reason);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    @Test
    void aHundredPeersAndFiftyNotificationsASecond() throws Exception {
        BanList banList = BanList.open(new BanSettings("jdbc:derby:" + dir.resolve("banlist") + ";create=true", null,
                null, 1000, Duration.ofHours(24)), Clock.systemUTC());
        closing.add(banList);
        PeerBanManager scores = new PeerBanManager(100, Duration.ofHours(24), Clock.systemUTC(), (id, until, r) -> { });
        List<PeerView> peers = new ArrayList<>();
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < PEERS; i++) {
            peers.add(PeerView.builder("12D3KooWLoadPeer" + i).addr("/ip4/10.0." + (i / 250) + "." + (i % 250)
                            + "/tcp/9905").inbound(i % 2 == 0).connTime(now - i * 60L).subVer("teranode/v0.9." + i)
                    .currentHeight(812_000 + i).banScore(i % 7).bytesSent(1_000L * i).bytesReceived(2_000L * i).build());
        }
        List<PeerView> fixed = List.copyOf(peers);
        PeerDirectory directory = () -> fixed;
        OperatorServer server = OperatorServer.builder(WebSettings.builder().http("127.0.0.1", 0)
                        .grpc("127.0.0.1", 0).adminApiKey("load-test-key").publicBaseUrl("http://127.0.0.1:9906")
                        .build())
                .banList(BanListAccess.of(banList)).banScoring(BanScoring.of(scores)).peers(directory).start();
        closing.add(server);

        BrowserDriver browser = BrowserDriver.start(HARNESS);
        closing.add(browser);
        browser.call("open", "url", "http://127.0.0.1:" + server.httpPort() + "/");
        assertEquals(PEERS, ((Number) browser.call("count", "selector", "#peers-body tr", "n", PEERS).get("count"))
                .intValue());
        browser.call("count", "selector", "#ws-state.up", "n", 1);

        browser.call("watchStart");
        String last = publish(server, PER_SECOND * SECONDS);
        browser.call("feed", "type", "block", "hash", last);
        Map<String, Object> watched = browser.call("watchEnd");
        System.out.printf("dashboard with %d peers under %d notifications/s for %d s: %s%n", PEERS, PER_SECOND,
                SECONDS, watched);
        assertTrue(((Number) watched.get("feedRows")).intValue() <= 200, watched::toString);
        assertEquals(PEERS, ((Number) browser.call("count", "selector", "#peers-body tr", "n", PEERS).get("count"))
                .intValue());
    }

    /** Publishes {@code count} block notifications at {@link #PER_SECOND}; returns the last hash. */
    private static String publish(OperatorServer server, int count) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        String[] last = new String[1];
        try (ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor()) {
            pace.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= count) {
                    done.countDown();
                    return;
                }
                byte[] hash = new byte[32];
                hash[0] = (byte) (i >> 8);
                hash[1] = (byte) i;
                last[0] = HexFormat.of().formatHex(hash);
                server.notifications().publish(Notification.builder("block").timestamp(Instant.now()).hash(last[0])
                        .peerId("12D3KooWLoadPeer" + (i % PEERS)).height(812_100 + i).build());
            }, 0, 1_000_000 / PER_SECOND, TimeUnit.MICROSECONDS);
            assertTrue(done.await(AppNode.DEADLINE.toSeconds(), TimeUnit.SECONDS), "publishing did not finish");
            pace.shutdownNow();
        }
        return last[0];
    }
}
