package p2p.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import p2p.web.notify.Notification;
import p2p.web.notify.NotificationHub;
import p2p.web.ws.NotificationEndpoint;
import p2p.testkit.Await;

/**
 * The client cap of {@code /p2p-ws} (spec section 7.3, beyond Teranode, which has none) on a real Helidon server and
 * JDK WebSocket clients: a client over the limit is closed with 1013 (try again later) and counted; the clients
 * already connected keep receiving; a freed slot is served again.
 */
class ClientLimitWebSocketTest {
    private static final long WAIT = 30;

    /** A client that records text frames and the close code it receives. */
    private static final class Client implements WebSocket.Listener, AutoCloseable {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final HttpClient http = HttpClient.newHttpClient();
        private final WebSocket socket;

        Client(int port) {
            socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/p2p-ws"), this)
                    .join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            messages.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void close() {
            socket.abort();
            http.close();
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        Await.until(what, TestServers.DEADLINE, condition);
    }

    @Test
    void aClientOverTheLimitIsClosedWith1013AndCounted() throws Exception {
        try (NotificationHub hub = new NotificationHub(Duration.ofHours(1), 16, 1, "", Clock.systemUTC())) {
            WebServer server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                    .featuresDiscoverServices(false)
                    .addRouting(WsRouting.builder().endpoint("/p2p-ws", new NotificationEndpoint(hub)))
                    .build().start();
            try (Client first = new Client(server.port())) {
                await("first client attached", () -> hub.clientCount() == 1);
                try (Client second = new Client(server.port())) {
                    assertEquals(1013, second.closeCode.get(WAIT, TimeUnit.SECONDS));
                    assertEquals(1, hub.refusedClients());
                    hub.publish(Notification.builder(Notification.TYPE_BLOCK).hash("ab").build());
                    String frame = first.messages.poll(WAIT, TimeUnit.SECONDS);
                    assertTrue(frame != null && frame.contains("\"hash\":\"ab\""), frame);
                    assertTrue(second.messages.isEmpty());
                }
                first.close();
                await("first client detached", () -> hub.clientCount() == 0);
                try (Client third = new Client(server.port())) {
                    await("third client attached", () -> hub.clientCount() == 1);
                    assertEquals(1, hub.refusedClients());
                }
            } finally {
                server.stop();
            }
        }
    }
}
