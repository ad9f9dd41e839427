package p2p.web;

import java.time.Duration;

/** Settings for servers under test: loopback only, ports chosen by the system, pings effectively off. */
final class TestServers {
    static final String API_KEY = "test-admin-key";

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
}
