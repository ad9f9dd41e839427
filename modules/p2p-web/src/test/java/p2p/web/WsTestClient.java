package p2p.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK WebSocket client that collects whole text messages and counts ping frames. */
final class WsTestClient implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final AtomicInteger pings = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;

    WsTestClient(int port) {
        socket = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/p2p-ws"), this)
                .join();
    }

    /** The next whole message, failing the test after the default wait. */
    String next() throws InterruptedException {
        String message = messages.poll(TestServers.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no WebSocket message within " + TestServers.DEADLINE);
        }
        return message;
    }

    /** The next message whose type is {@code type}, skipping others (pings arrive at any time). */
    String nextOfType(String type) throws InterruptedException {
        while (true) {
            String message = next();
            if (message.contains("\"type\":\"" + type + "\"")) {
                return message;
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }
}
