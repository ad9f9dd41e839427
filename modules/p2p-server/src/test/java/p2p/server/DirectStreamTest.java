package p2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2p.server.ServerNode.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.node.crypto.PeerId;
import p2p.server.stream.HandshakeStream;
import p2p.testkit.InteropResources;
import p2p.testkit.js.JsGossipPeer;

/**
 * The direct stream {@code teranode/bitcoin/1.0.0} (spec section 2.7) served to a js-libp2p peer: one JSON message
 * per stream, read to its end and handled as a handshake from the stream's peer; an empty stream is nothing to do;
 * beyond Go, a stream over the size cap is cut and scored, and one that does not end within the read timeout is cut.
 */
@Tag("interop")
class DirectStreamTest {
    private static final int MAX_BYTES = 1024;
    private static final Duration READ_TIMEOUT = Duration.ofMillis(300);

    @TempDir
    Path dir;
    /** Servers and peers, closed after each test in reverse order; the test skipped without node. */
    @RegisterExtension
    final InteropResources closeables = InteropResources.js();
    private ServerNode server;
    private JsGossipPeer js;
    private PeerId jsId;

    @BeforeEach
    void start() throws Exception {
        server = new ServerNode("server", dir, FakeChain.header(0, 0),
                builder -> builder.directStream(MAX_BYTES, READ_TIMEOUT));
        closeables.closeAfter(server);
        js = JsGossipPeer.start(TeranodeMessagesInteropTest.jsConfig());
        closeables.closeAfter(js);
        js.call(ServerNode.DEADLINE, "cmd", "dial", "addr",
                server.node.listenAddresses().get(0).withPeerId(server.id().toBytes()).toString());
        jsId = PeerId.parse(js.peerId());
        // The server greets the new peer with its version on the stream.
        js.awaitEvent(e -> "stream".equals(e.get("event")), ServerNode.DEADLINE);
    }

    private void send(Object... extra) throws Exception {
        List<Object> args = new ArrayList<>(List.of("cmd", "sendStream", "peer", server.id().toBase58(), "protocol",
                HandshakeStream.PROTOCOL_ID));
        args.addAll(List.of(extra));
        js.call(ServerNode.DEADLINE, args.toArray());
    }

    private long handshakesReceived() {
        return server.server.counters().topic(ServerNode.TOPICS.handshake()).received();
    }

    /** Go: TestReceiveBestBlockStreamHandler [success], TestSendToPeer (receiving side). */
    @Test
    void aVersionOnTheStreamIsAnsweredWithAVerackAndSyncsHeights() throws Exception {
        BlockingQueue<byte[]> blocks = server.consume("blocks");
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("type", "version");
        version.put("peerID", jsId.toBase58());
        version.put("bestHeight", 42);
        version.put("bestHash", "2a");
        version.put("dataHubURL", "http://js.test");
        send("json", version);

        Map<String, Object> verack = js.awaitEvent(e -> "stream".equals(e.get("event"))
                && String.valueOf(e.get("json")).contains("type=verack"), ServerNode.DEADLINE);
        assertEquals(server.id().toBase58(), verack.get("from"));
        KafkaBlockTopicMessage catchUp = KafkaBlockTopicMessage.parseFrom(blocks.poll(ServerNode.DEADLINE.toSeconds(),
                TimeUnit.SECONDS));
        assertEquals("0".repeat(62) + "2a", catchUp.getHash());
        assertEquals(42, server.server.peerHeights().get(jsId).orElseThrow().current());
        assertEquals(0, server.score(jsId));
    }

    /** Go: TestReceiveBestBlockStreamHandler (an empty read): nothing happens, the next stream is served. */
    @Test
    void anEmptyStreamIsNothingToDo() throws Exception {
        long before = handshakesReceived();
        send("dataHex", "");
        send("json", Map.of("type", "verack", "peerID", jsId.toBase58(), "bestHeight", 7));
        await("the verack handled", () -> server.server.peerHeights().get(jsId).map(h -> h.current() == 7)
                .orElse(false));
        assertEquals(before + 1, handshakesReceived());
        assertEquals(0, server.server.counters().directRefused());
    }

    @Test
    void aStreamOverTheCapIsCutAndScoresItsSender() throws Exception {
        long before = handshakesReceived();
        send("dataHex", HexFormat.of().formatHex(new byte[MAX_BYTES + 1]));
        await("the stream refused", () -> server.server.counters().directRefused() == 1);
        await("the sender scored", () -> server.score(jsId) == 20);
        assertEquals(before, handshakesReceived());
    }

    @Test
    void aStreamThatNeverEndsIsCutAfterTheReadTimeoutWithoutScore() throws Exception {
        long before = handshakesReceived();
        send("json", Map.of("type", "verack", "peerID", jsId.toBase58()), "keepOpen", true);
        await("the stream cut", () -> server.server.counters().directRefused() == 1);
        assertEquals(before, handshakesReceived());
        assertEquals(0, server.score(jsId));
        // The server still serves the peer's next stream.
        send("json", Map.of("type", "verack", "peerID", jsId.toBase58(), "bestHeight", 9));
        await("the next verack handled", () -> server.server.peerHeights().get(jsId).map(h -> h.current() == 9)
                .orElse(false));
    }
}
