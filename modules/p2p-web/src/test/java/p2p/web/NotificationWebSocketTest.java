package p2p.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import p2p.web.notify.Notification;
import p2p.testkit.Await;

class NotificationWebSocketTest {
    private final FakeBanList banList = new FakeBanList();
    private OperatorServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private OperatorServer start(WebSettings.Builder settings) {
        server = OperatorServer.builder(settings.build())
                .banList(banList)
                .banScoring(new FakeBanScoring())
                .start();
        return server;
    }

    @Test
    void clientsReceiveBanAndUnbanEvents() throws Exception {
        start(TestServers.loopback());
        try (WsTestClient client = new WsTestClient(server.httpPort())) {
            Await.until("client attached", TestServers.DEADLINE, () -> server.notifications().clientCount() == 1);
            banList.ban("10.0.0.7", Instant.now().plusSeconds(60));
            banList.ban("10.9.0.0/16", Instant.now().plusSeconds(60));
            banList.unban("10.0.0.7");
            String ban = client.nextOfType("ban");
            assertTrue(ban.matches("\\{\"timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\",\"type\":\"ban\","
                    + "\"ip\":\"10.0.0.7\"}"), ban);
            assertEquals("10.9.0.0/16", field(client.nextOfType("ban"), "subnet"));
            assertEquals("10.0.0.7", field(client.nextOfType("unban"), "ip"));
        }
    }

    @Test
    void clientsReceivePingNotificationsAndPingFrames() throws Exception {
        start(TestServers.loopback().wsPingInterval(Duration.ofMillis(100)).publicBaseUrl("http://node.example:9906"));
        try (WsTestClient client = new WsTestClient(server.httpPort())) {
            String ping = client.nextOfType("PING");
            assertTrue(ping.endsWith("\"type\":\"PING\",\"base_url\":\"http://node.example:9906\"}"), ping);
            // The ping frame that follows is what keeps a listen-only client from being closed as idle.
            Await.until("a WebSocket ping frame", TestServers.DEADLINE, () -> client.pings.get() > 0);
        }
    }

    /** Go: TestHandleWebSocket [normal operation]. */
    @Test
    void publishedNotificationsReachEveryClient() throws Exception {
        start(TestServers.loopback());
        try (WsTestClient a = new WsTestClient(server.httpPort()); WsTestClient b = new WsTestClient(server.httpPort())) {
            Await.until("both clients attached", TestServers.DEADLINE, () -> server.notifications().clientCount() == 2);
            server.notifications().publish(Notification.builder(Notification.TYPE_BLOCK)
                    .hash("000000000000000001").height(900_000).peerId("12D3KooWpeer").baseUrl("http://peer").build());
            for (WsTestClient client : new WsTestClient[] {a, b}) {
                String block = client.nextOfType("block");
                assertTrue(block.contains("\"hash\":\"000000000000000001\",\"base_url\":\"http://peer\","
                        + "\"peer_id\":\"12D3KooWpeer\",\"height\":900000}"), block);
            }
        }
        Await.until("clients detached after closing", TestServers.DEADLINE, () -> server.notifications().clientCount() == 0);
    }

    /** Go: TestHandleClientMessages [write error] and TestBroadcastMessage over real sockets. */
    @Test
    void aClientThatStopsReadingIsDroppedWhileAFastOneReceivesEverything() throws Exception {
        start(TestServers.loopback().wsClientQueueCapacity(8));
        String bigMiner = "m".repeat(64 * 1024);
        try (Socket stalled = stalledClient(server.httpPort()); WsTestClient fast = new WsTestClient(server.httpPort())) {
            Await.until("both clients attached", TestServers.DEADLINE, () -> server.notifications().clientCount() == 2);
            int sent = 0;
            // The stalled client's socket buffers fill, then its 8-frame queue; it must be dropped well before this.
            int limit = 4_000;
            while (server.notifications().droppedClients() == 0) {
                if (sent == limit) {
                    throw new AssertionError("stalled client not dropped after " + limit + " notifications");
                }
                sent++;
                server.notifications().publish(Notification.builder(Notification.TYPE_BLOCK)
                        .height(sent).miner(bigMiner).build());
                // Lockstep with the fast client: it is never behind by more than one frame.
                String message = fast.nextOfType("block");
                assertTrue(message.contains("\"height\":" + sent + ","), "fast client got frame " + sent);
            }
            assertEquals(1, server.notifications().clientCount());
            server.notifications().publish(Notification.builder(Notification.TYPE_SUBTREE).hash("after").build());
            assertEquals("after", field(fast.nextOfType("subtree"), "hash"));
            assertTrue(TestServers.scrape(server.httpPort())
                    .contains("\np2p_ws_clients_dropped_total{scope=\"application\",} 1.0\n"));
            assertConnectionClosed(stalled);
        }
    }

    /** Opens a WebSocket by hand with a tiny receive buffer and never reads after the handshake. */
    private static Socket stalledClient(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /p2p-ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during handshake: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        return socket;
    }

    /** Reads what the server had sent before dropping the client, then expects end of stream or a reset. */
    private static void assertConnectionClosed(Socket socket) throws IOException {
        socket.setSoTimeout((int) TestServers.DEADLINE.toMillis());
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // discard the frames queued before the drop
            }
        } catch (java.net.SocketException reset) {
            // a reset is as good as an end of stream: the server closed the connection
        }
    }

    private static String field(String json, String key) {
        var m = java.util.regex.Pattern.compile("\"" + key + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return m.group(1);
    }
}
