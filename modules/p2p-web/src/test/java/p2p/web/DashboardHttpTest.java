package p2p.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's page and {@code /api/v1/} on a real {@link OperatorServer} on loopback (README, "Dashboard"):
 * the JSON documents, the admin-key refusals shared with gRPC BanPeer, malformed POST bodies answered 400 while the
 * server keeps serving, and the page's files.
 */
class DashboardHttpTest {
    private static final String PEER = "12D3KooWExamplePeer";
    private final HttpClient client = HttpClient.newHttpClient();
    private final FakeBanList banList = new FakeBanList();
    private final AtomicLong blocks = new AtomicLong();
    private OperatorServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        client.close();
    }

    private void start() {
        NodeOverview overview = new NodeOverview() {
            @Override
            public String peerId() {
                return "12D3KooWSelf";
            }

            @Override
            public String protocol() {
                return "teranode-2026";
            }

            @Override
            public List<String> listenAddresses() {
                return List.of("/ip4/127.0.0.1/tcp/9905");
            }

            @Override
            public List<String> topics() {
                return List.of("t-block");
            }

            @Override
            public int topicPeers(String topic) {
                return 1;
            }

            @Override
            public int meshPeers(String topic) {
                return 1;
            }

            @Override
            public Map<String, Long> receivedPerTopic() {
                return Map.of("t-block", blocks.get());
            }

            @Override
            public List<KafkaClient> kafka() {
                return List.of(new KafkaClient("kafka_blocksConfig", "kafka://b/blocks", "producer", 3, 1, 0, 0, 0));
            }
        };
        PeerDirectory peers = new PeerDirectory() {
            @Override
            public List<PeerView> peers() {
                return List.of(PeerView.builder(PEER).addr("/ip4/10.0.0.7/tcp/9905").inbound(true)
                        .subVer("teranode/v1 <script>").currentHeight(812_000).banScore(10).bytesSent(5)
                        .bytesReceived(6).build());
            }

            @Override
            public java.util.Optional<PeerStatusView> status(String id) {
                return java.util.Optional.of(new PeerStatusView("00ab", "https://dh.example/api/v1", "full",
                        "teranode-eu"));
            }
        };
        server = OperatorServer.builder(TestServers.loopback().build()).banList(banList)
                .banScoring(new FakeBanScoring()).peers(peers).overview(overview).start();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String key, String form) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (key != null) {
            request.header("x-api-key", key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void peersAndNetworkAndHealthAreJsonOfWhatTheNodeReports() throws Exception {
        start();
        HttpResponse<String> peers = get("/api/v1/peers");
        assertEquals(200, peers.statusCode());
        assertEquals("application/json", peers.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"peers\":[{\"id\":\"" + PEER + "\",\"addr\":\"/ip4/10.0.0.7/tcp/9905\",\"addr_local\":\"\","
                + "\"inbound\":true,\"conn_time\":0,\"last_send\":0,\"last_recv\":0,\"bytes_sent\":5,"
                + "\"bytes_received\":6,\"ping_time_us\":0,\"version\":0,\"user_agent\":\"teranode/v1 \\u003cscript\\u003e\","
                + "\"starting_height\":0,\"current_height\":812000,\"ban_score\":10,\"best_hash\":\"00ab\","
                + "\"data_hub_url\":\"https://dh.example/api/v1\",\"storage\":\"full\",\"client_name\":\"teranode-eu\"}]}",
                peers.body());
        assertEquals("{\"peer_id\":\"12D3KooWSelf\",\"protocol\":\"teranode-2026\","
                + "\"listen_addresses\":[\"/ip4/127.0.0.1/tcp/9905\"],\"advertised_addresses\":[],\"dht_mode\":\"\","
                + "\"routing_table_size\":-1,\"connected_peers\":1,\"topics\":[{\"topic\":\"t-block\",\"peers\":1,\"mesh\":1}]}",
                get("/api/v1/network").body());
        assertEquals("{\"kafka\":[{\"setting\":\"kafka_blocksConfig\",\"url\":\"kafka://b/blocks\","
                + "\"role\":\"producer\",\"produced\":3,\"failed\":1,\"dropped\":0,\"consumed\":0,\"rejected\":0}],"
                + "\"websocket\":{\"clients\":0,\"published\":0,\"dropped_clients\":0}}", get("/api/v1/health").body());
    }

    @Test
    void ratesCountWhatTheTopicCountersGrewByInTheCurrentMinute() throws Exception {
        start();
        blocks.set(0);
        String before = get("/api/v1/rates").body();
        assertTrue(before.endsWith("\"topics\":[{\"topic\":\"t-block\",\"counts\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}]}")
                || before.contains("\"counts\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,"), before);
        blocks.addAndGet(4);
        String after = get("/api/v1/rates").body();
        // The newest minute holds the 4 (or, across a minute boundary, the two newest hold them together).
        assertTrue(after.matches(".*\"counts\":\\[(0,){13}(0,4|4,0)]}]}"), after);
        assertTrue(after.contains("\"minute_seconds\":60"), after);
    }

    @Test
    void banAndUnbanWithTheAdminKeyChangeTheListAndShowExpiries() throws Exception {
        start();
        HttpResponse<String> ban = post("/api/v1/ban", TestServers.API_KEY, "addr=10.0.0.9&until=4102444800");
        assertEquals(200, ban.statusCode(), ban.body());
        assertEquals("{\"ok\":true}", ban.body());
        assertTrue(banList.isBanned("10.0.0.9"));
        assertEquals("{\"bans\":[{\"key\":\"10.0.0.9\",\"subnet\":false,\"expires_at\":null}]}",
                get("/api/v1/bans").body(), "the fake list keeps no expiries; the real one does");
        HttpResponse<String> unban = post("/api/v1/unban", TestServers.API_KEY, "addr=10.0.0.9");
        assertEquals(200, unban.statusCode(), unban.body());
        assertEquals(List.of(), banList.listBanned());
    }

    @Test
    void aMissingKeyIs401AndAWrongOne403AndNothingChanges() throws Exception {
        start();
        HttpResponse<String> missing = post("/api/v1/ban", null, "addr=10.0.0.9");
        assertEquals(401, missing.statusCode());
        assertEquals("{\"error\":\"missing API key (send it in the x-api-key header)\"}", missing.body());
        HttpResponse<String> wrong = post("/api/v1/unban", "not-the-key", "addr=10.0.0.9");
        assertEquals(403, wrong.statusCode());
        assertEquals("{\"error\":\"invalid API key\"}", wrong.body());
        assertEquals(List.of(), banList.listBanned());
    }

    @Test
    void malformedBodiesAre400NamingTheFaultAndTheServerKeepsServing() throws Exception {
        start();
        Map<String, String> cases = Map.of(
                "", "ban: addr is empty",
                "addr=not-an-ip", "ban: ",
                "addr=10.0.0.9&until=soon", "ban: until 'soon' is not a Unix time in seconds",
                "addr=%zz", "ban: form field '%zz' is not URL-encoded",
                "addr=10.0.0.9&until=-5", "ban: until -5 is before 1970",
                "addr=10.0.0.0/4", "ban: ban of 0.0.0.0/4 is wider than the /8 limit for IPv4; send force=true",
                "addr=10.0.0.9&x=" + "a".repeat(5000), "ban: form body is 5016 characters, at most 4096 accepted");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = post("/api/v1/ban", TestServers.API_KEY, c.getKey());
            String shown = c.getKey().length() > 80 ? c.getKey().substring(0, 80) + "..." : c.getKey();
            assertEquals(400, response.statusCode(), shown + " -> " + response.body());
            assertTrue(response.body().startsWith("{\"error\":\"" + c.getValue()), shown + " -> "
                    + response.body());
        }
        assertEquals(List.of(), banList.listBanned());
        assertEquals(200, get("/api/v1/peers").statusCode());
    }

    @Test
    void thePageAndItsFilesAreServedFromTheJarAndNothingElse() throws Exception {
        start();
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertTrue(page.body().contains("<script type=\"module\" src=\"/dashboard/app.js\">"), page.body());
        for (String file : List.of("app.js", "charts.js", "feed.js", "tables.js", "style.css")) {
            HttpResponse<String> response = get("/dashboard/" + file);
            assertEquals(200, response.statusCode(), file);
            assertTrue(!response.body().isEmpty(), file);
        }
        // No CDN: every script and style the page names is one of ours.
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), page.body());
        assertEquals(404, get("/dashboard/..%2Fmodule-info.class").statusCode());
        assertEquals(404, get("/dashboard/DashboardFiles.class").statusCode());
    }
}
