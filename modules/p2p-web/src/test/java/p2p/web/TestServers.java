package p2p.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Settings for servers under test: loopback only, ports chosen by the system, pings effectively off. */
final class TestServers {
    static final String API_KEY = "test-admin-key";
    /** How long a test waits for what it expects ({@link p2p.testkit.Await}, WebSocket polls). */
    static final java.time.Duration DEADLINE = java.time.Duration.ofSeconds(20);

    private TestServers() {
    }

    static WebSettings.Builder loopback() {
        return WebSettings.builder()
                .http("127.0.0.1", 0)
                .grpc("127.0.0.1", 0)
                .adminApiKey(API_KEY)
                .publicBaseUrl("http://127.0.0.1:9906")
                .wsPingInterval(Duration.ofHours(1));
    }

    /** GET /metrics of a server on 127.0.0.1, as a Prometheus scraper reads it. */
    static String scrape(int httpPort) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET /metrics answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
    }
}
