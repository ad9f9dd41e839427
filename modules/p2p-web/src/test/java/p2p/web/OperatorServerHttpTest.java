package p2p.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

class OperatorServerHttpTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final FakeBanList banList = new FakeBanList();
    private OperatorServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        client.close();
    }

    private OperatorServer.Builder builder() {
        return OperatorServer.builder(TestServers.loopback().build())
                .banList(banList)
                .banScoring(new FakeBanScoring());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(server.httpPort(), path);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void portZeroBindsRealPortsAndHealthAnswersUp() throws Exception {
        server = builder()
                .readinessCheck(ReadinessCheck.of("blockchain", () -> ReadinessCheck.Status.down("refused")))
                .start();
        assertNotEquals(0, server.httpPort());
        assertNotEquals(0, server.grpcPort());
        assertEquals(-1, server.healthPort());
        assertEquals(-1, server.profilerPort());
        // /health and /health/live are liveness: nothing external is asked, so a down dependency does not matter.
        for (String path : new String[] {"/health", "/health/live"}) {
            HttpResponse<String> health = get(path);
            assertEquals(200, health.statusCode(), path);
            assertEquals("{\"status\":\"UP\",\"checks\":[]}", health.body(), path);
            assertEquals("application/json", health.headers().firstValue("content-type").orElseThrow());
            assertEquals("*", health.headers().firstValue("access-control-allow-origin").orElseThrow());
        }
    }

    @Test
    void readinessListsEveryCheckAndIs200WhenAllAreUp() throws Exception {
        server = builder()
                .readinessCheck(ReadinessCheck.of("blockchain", () -> ReadinessCheck.Status.up("FSM RUNNING")))
                .readinessCheck(ReadinessCheck.of("kafka", () -> ReadinessCheck.Status.up("memory://")))
                .start();
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("{\"status\":\"UP\",\"checks\":["
                + "{\"name\":\"blockchain\",\"status\":\"UP\",\"data\":{\"detail\":\"FSM RUNNING\"}},"
                + "{\"name\":\"kafka\",\"status\":\"UP\",\"data\":{\"detail\":\"memory://\"}}]}", ready.body());
    }

    @Test
    void readinessIs503WhenACheckIsDownOrThrows() throws Exception {
        server = builder()
                .readinessCheck(ReadinessCheck.of("blockchain", () -> ReadinessCheck.Status.up("ok")))
                .readinessCheck(ReadinessCheck.of("fsm", () -> ReadinessCheck.Status.down("FSM IDLE")))
                .readinessCheck(ReadinessCheck.of("kafka", () -> {
                    throw new IOException("broker 127.0.0.1:9092 unreachable");
                }))
                .start();
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(503, ready.statusCode());
        assertEquals("{\"status\":\"DOWN\",\"checks\":["
                + "{\"name\":\"blockchain\",\"status\":\"UP\",\"data\":{\"detail\":\"ok\"}},"
                + "{\"name\":\"fsm\",\"status\":\"DOWN\",\"data\":{\"detail\":\"FSM IDLE\"}},"
                + "{\"name\":\"kafka\",\"status\":\"DOWN\",\"data\":{\"detail\":"
                + "\"IOException: broker 127.0.0.1:9092 unreachable\"}}]}",
                ready.body());
        // Liveness checks nothing external: still up.
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void readinessReportsAHungCheckAsDownAfterTheDeadline() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        server = builder()
                .readinessTimeout(java.time.Duration.ofMillis(200))
                .readinessCheck(ReadinessCheck.of("hung", () -> {
                    never.await();
                    return ReadinessCheck.Status.up("unreachable");
                }))
                .start();
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(503, ready.statusCode());
        assertTrue(ready.body().contains("{\"name\":\"hung\",\"status\":\"DOWN\",\"data\":{\"detail\":\"no answer within"),
                ready.body());
    }

    @Test
    void metricsServeTheRegistryWithSystemAndModuleMetersInPrometheusText() throws Exception {
        MeterRegistry meters = Meters.registry();
        Counter received = meters.getOrCreate(Counter.builder("p2p_messages_received_total")
                .tags(List.of(Tag.create("topic", "block"))));
        received.increment(3);
        server = builder().meters(meters).start();
        try {
            assertScrape(meters);
        } finally {
            meters.remove(received);
        }
    }

    private void assertScrape(MeterRegistry meters) throws Exception {

        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"),
                response.headers().toString());
        String text = response.body();
        // System meters from helidon-metrics-system-meters, under Helidon's names.
        assertTrue(text.contains("\nmemory_usedHeap_bytes{scope=\"base\",} "), text);
        assertTrue(text.contains("\nthread_count{scope=\"base\",} "), text);
        // The web module's own meters and one another module registered.
        assertTrue(text.contains("\np2p_ws_clients{scope=\"application\",} 0.0\n"), text);
        assertTrue(text.contains("\np2p_ws_notifications_total{scope=\"application\",} 0.0\n"), text);
        assertTrue(text.contains("\np2p_messages_received_total{scope=\"application\",topic=\"block\",} 3.0\n"), text);
    }

    @Test
    void healthCheckPortServesTheDaemonPathsWithTheSameChecksAndNothingElse() throws Exception {
        AtomicBoolean fsmRunning = new AtomicBoolean(false);
        server = OperatorServer.builder(TestServers.loopback().healthCheckPort(0).build())
                .banList(banList)
                .banScoring(new FakeBanScoring())
                .readinessCheck(ReadinessCheck.of("blockchain-fsm", () -> fsmRunning.get()
                        ? ReadinessCheck.Status.up("FSM RUNNING") : ReadinessCheck.Status.down("FSM IDLE")))
                .start();
        int port = server.healthPort();
        assertTrue(port > 0 && port != server.httpPort() && port != server.grpcPort(), "own listener: " + port);

        HttpResponse<String> notReady = get(port, "/health/readiness");
        assertEquals(503, notReady.statusCode());
        assertTrue(notReady.body().contains("\"name\":\"blockchain-fsm\",\"status\":\"DOWN\""), notReady.body());
        assertEquals(200, get(port, "/health/liveness").statusCode());
        fsmRunning.set(true);
        assertEquals(200, get(port, "/health/readiness").statusCode());
        // The HTTP listener keeps its own paths; the health listener carries no metrics, WebSocket or gRPC.
        assertEquals(200, get("/health/ready").statusCode());
        assertEquals(404, get(port, "/metrics").statusCode());
        assertEquals(404, get(port, "/p2p-ws").statusCode());
    }

    @Test
    void profilerAddressServesTheMetricsAtThePrometheusEndpoint() throws Exception {
        server = OperatorServer.builder(TestServers.loopback().profiler("127.0.0.1", 0)
                        .prometheusEndpoint("/debug/prometheus").build())
                .banList(banList)
                .banScoring(new FakeBanScoring())
                .start();
        int port = server.profilerPort();
        assertTrue(port > 0 && port != server.httpPort(), "own listener: " + port);
        HttpResponse<String> scrape = get(port, "/debug/prometheus");
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.body().contains("\np2p_ws_clients{scope=\"application\",} 0.0\n"), scrape.body());
        assertEquals(404, get(port, "/health").statusCode());
        // /metrics stays on the HTTP listener.
        assertEquals(200, get("/metrics").statusCode());
    }

    @Test
    void takenHealthAndProfilerPortsAreStartErrorsNamingTheirSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            WebStartException health = assertThrows(WebStartException.class, () -> OperatorServer
                    .builder(TestServers.loopback().healthCheckPort(port).build())
                    .banList(banList).banScoring(new FakeBanScoring()).start());
            assertTrue(health.getMessage().startsWith("health_check_port 127.0.0.1:" + port), health.getMessage());
            WebStartException profiler = assertThrows(WebStartException.class, () -> OperatorServer
                    .builder(TestServers.loopback().profiler("127.0.0.1", port).build())
                    .banList(banList).banScoring(new FakeBanScoring()).start());
            assertTrue(profiler.getMessage().startsWith("profilerAddr 127.0.0.1:" + port), profiler.getMessage());
        }
    }

    @Test
    void unknownPathsAre404() throws Exception {
        server = builder().start();
        assertEquals(404, get("/nope").statusCode());
    }

    @Test
    void aTakenGrpcPortIsAStartErrorNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            WebSettings settings = TestServers.loopback().grpc("127.0.0.1", taken.getLocalPort()).build();
            WebStartException e = assertThrows(WebStartException.class, () -> OperatorServer.builder(settings)
                    .banList(banList).banScoring(new FakeBanScoring()).start());
            assertTrue(e.getMessage().startsWith("p2p_grpcListenAddress 127.0.0.1:" + taken.getLocalPort()),
                    e.getMessage());
        }
    }

    @Test
    void aTakenHttpPortIsAStartErrorNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            WebSettings settings = TestServers.loopback().http("127.0.0.1", taken.getLocalPort()).build();
            WebStartException e = assertThrows(WebStartException.class, () -> OperatorServer.builder(settings)
                    .banList(banList).banScoring(new FakeBanScoring()).start());
            assertTrue(e.getMessage().startsWith("p2p_httpListenAddress 127.0.0.1:" + taken.getLocalPort()),
                    e.getMessage());
        }
    }
}
