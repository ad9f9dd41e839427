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
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import p2p.web.metrics.WebMetrics;

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
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void portZeroBindsRealPortsAndHealthAnswersUp() throws Exception {
        server = builder().start();
        assertNotEquals(0, server.httpPort());
        assertNotEquals(0, server.grpcPort());
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("{\"status\":\"UP\"}", health.body());
        assertEquals("application/json", health.headers().firstValue("content-type").orElseThrow());
        assertEquals("*", health.headers().firstValue("access-control-allow-origin").orElseThrow());
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
                + "{\"name\":\"blockchain\",\"ok\":true,\"detail\":\"FSM RUNNING\"},"
                + "{\"name\":\"kafka\",\"ok\":true,\"detail\":\"memory://\"}]}", ready.body());
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
                + "{\"name\":\"blockchain\",\"ok\":true,\"detail\":\"ok\"},"
                + "{\"name\":\"fsm\",\"ok\":false,\"detail\":\"FSM IDLE\"},"
                + "{\"name\":\"kafka\",\"ok\":false,\"detail\":\"IOException: broker 127.0.0.1:9092 unreachable\"}]}",
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
        assertTrue(ready.body().contains("\"name\":\"hung\",\"ok\":false,\"detail\":\"no answer within"), ready.body());
    }

    @Test
    void metricsExposeJvmBanAndModuleMetricsInPrometheusFormat() throws Exception {
        WebMetrics metrics = WebMetrics.withJvmMetrics();
        server = builder().metrics(metrics).start();
        server.metrics().counter("p2p_messages_received_total", "Gossip messages received.", "topic", "block").add(3);
        banList.ban("10.0.0.1", Instant.now().plusSeconds(60));
        banList.ban("10.1.0.0/16", Instant.now().plusSeconds(60));
        banList.unban("10.0.0.1");

        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("content-type").orElseThrow());
        String text = response.body();
        assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\"} "), text);
        assertTrue(text.contains("# TYPE p2p_ban_list_size gauge\np2p_ban_list_size 1\n"), text);
        assertTrue(text.contains("p2p_ban_events_total{action=\"add\"} 2\n"), text);
        assertTrue(text.contains("p2p_ban_events_total{action=\"remove\"} 1\n"), text);
        assertTrue(text.contains("p2p_messages_received_total{topic=\"block\"} 3\n"), text);
        assertTrue(text.contains("p2p_ws_clients 0\n"), text);
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
