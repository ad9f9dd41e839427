package p2p.node.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.Psk;
import p2p.node.host.ConnectionLimits;
import p2p.node.host.Direction;
import p2p.node.host.IdentifyInfo;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.TestProtocols;
import p2p.node.multiaddr.Multiaddr;
import p2p.testkit.Await;
import p2p.testkit.go.GoPeer;

/**
 * The Java stack against go-libp2p v0.41.1 configured as Teranode's P2PNode (the Go test peer of p2p-testkit, spec
 * 2.1-2.11) in a real child process: PSK, security negotiation (Go proposes {@code /tls/1.0.0} first), Noise, yamux,
 * identify, ping, stream protocols and Teranode's {@code teranode/bitcoin/1.0.0} direct stream, each way.
 */
@Tag("interop")
class GoLibp2pInteropTest {
    private static final String TERANODE_KEY = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final String OTHER_KEY = "11".repeat(32);
    private static final String BITCOIN_PROTOCOL = "teranode/bitcoin/1.0.0";
    private static final Duration CALL = Duration.ofSeconds(30);
    /**
     * The production default, equal to go-libp2p's stream negotiation timeout: it also bounds each inbound stream's
     * protocol negotiation, and with 100 streams of 4 MiB in flight on a loaded machine a stream's first data frame
     * can trail its SYN by seconds (a 3 s limit reset streams that way once, at load average 17).
     */
    private static final Duration HANDSHAKE = ConnectionLimits.DEFAULT.handshakeTimeout();
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final InteropFixture fixture = InteropFixture.go();

    private P2PNode javaNode(String key) throws Exception {
        P2PNode node = fixture.start(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0")
                .psk(Optional.ofNullable(key).map(Psk::fromHex))
                .agentVersion("java-interop/1.0")
                .limits(new ConnectionLimits(256, 64, HANDSHAKE))
                .ioThreads(2)
                .build());
        TestProtocols.serve(node);
        return node;
    }

    private GoPeer goPeer(Object... keyValues) throws Exception {
        Map<String, Object> config = GoPeer.config(keyValues);
        config.putIfAbsent("agentVersion", "go-interop/1.0");
        GoPeer peer = GoPeer.start(config);
        fixture.closeAfter(peer);
        return peer;
    }

    private static Multiaddr dialAddress(P2PNode node) {
        return node.listenAddresses().get(0).withPeerId(node.peerId().toBytes());
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(20), condition);
    }

    /** The connections the Go peer has to {@code peer}, as go-libp2p reports them. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> goConnections(GoPeer go, PeerId peer) throws Exception {
        return (List<Map<String, Object>>) go.call(CALL, "cmd", "connections", "peer", peer.toBase58()).get("connections");
    }

    /** Connects the two, the Java node dialling or the Go peer; returns the Go peer's id. */
    private static PeerId connect(P2PNode java, GoPeer go, boolean javaDials) throws Exception {
        PeerId goId = PeerId.parse(go.peerId());
        if (javaDials) {
            PeerInfo info = java.connect(Multiaddr.parse(go.dialAddress())).get(30, TimeUnit.SECONDS);
            assertEquals(goId, info.peerId());
            assertEquals(Direction.OUTBOUND, info.direction());
        } else {
            Map<String, Object> reply = go.call(CALL, "cmd", "dial", "addr", dialAddress(java).toString());
            assertEquals(java.peerId().toBase58(), reply.get("peerId"));
            await(() -> java.isConnected(goId), "java to register the go connection");
            assertEquals(Direction.INBOUND, java.peer(goId).orElseThrow().direction());
        }
        return goId;
    }

    @Test
    void goDialerProposesTlsFirstThenSettlesOnNoiseAndYamux() throws Exception {
        P2PNode java = javaNode(TERANODE_KEY);
        GoPeer go = goPeer("psk", TERANODE_KEY);
        InetSocketAddress javaListen = java.listenAddresses().get(0).toInetSocketAddress();
        GoHandshakeRecorder recorder = new GoHandshakeRecorder(javaListen, Psk.fromHex(TERANODE_KEY));
        fixture.closeAfter(recorder);

        go.call(CALL, "cmd", "dial", "addr",
                "/ip4/127.0.0.1/tcp/" + recorder.port() + "/p2p/" + java.peerId().toBase58());
        PeerId goId = PeerId.parse(go.peerId());
        await(() -> java.isConnected(goId), "java to register the go connection through the recorder");

        // What went over the wire, decrypted from the pnet layer: Go asked for TLS first, Java refused it.
        assertEquals(List.of("/multistream/1.0.0", "/tls/1.0.0", "/noise"), recorder.fromDialer());
        assertEquals(List.of("/multistream/1.0.0", "na", "/noise"), recorder.fromListener());

        // What go-libp2p settled on.
        List<Map<String, Object>> conns = goConnections(go, java.peerId());
        assertEquals(1, conns.size(), conns.toString());
        assertEquals("/noise", conns.get(0).get("security"));
        assertEquals("/yamux/1.0.0", conns.get(0).get("muxer"));
        assertEquals("Outbound", conns.get(0).get("direction"));
        // Java sends no early-muxer extension in Noise, so yamux was agreed by multistream after the handshake.
        assertEquals(Boolean.FALSE, conns.get(0).get("earlyMuxer"));
        assertTrue(java.ping(goId).get(30, TimeUnit.SECONDS).toNanos() > 0);
    }

    @ParameterizedTest(name = "java dials: {0}, psk: {1}")
    @CsvSource({"true, true", "false, true", "true, false", "false, false"})
    void identifyAndPingWorkBothWays(boolean javaDials, boolean withPsk) throws Exception {
        String key = withPsk ? TERANODE_KEY : null;
        P2PNode java = javaNode(key);
        GoPeer go = goPeer("psk", key);
        PeerId goId = connect(java, go, javaDials);

        List<Map<String, Object>> conns = goConnections(go, java.peerId());
        assertEquals(1, conns.size(), conns.toString());
        Map<String, Object> conn = conns.get(0);
        assertEquals("/noise", conn.get("security"));
        assertEquals("/yamux/1.0.0", conn.get("muxer"));
        assertEquals(javaDials ? "Inbound" : "Outbound", conn.get("direction"));

        // Identify, read by Java from Go: its observed address is the Java end of the connection as Go sees it.
        IdentifyInfo fromGo = java.identify(goId).get(30, TimeUnit.SECONDS);
        assertEquals("go-interop/1.0", fromGo.agentVersion());
        assertTrue(fromGo.protocols().containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0",
                TestProtocols.ECHO, TestProtocols.SINK, BITCOIN_PROTOCOL, "/meshsub/1.1.0", "/teranode/kad/1.0.0")),
                fromGo.protocols().toString());
        assertTrue(fromGo.listenAddrs().contains(Multiaddr.parse(go.dialAddress()).withoutPeerId()),
                fromGo.listenAddrs().toString());
        assertEquals(Optional.of(Multiaddr.parse((String) conn.get("remoteAddr"))), fromGo.observedAddr());
        assertTrue(goId.matches(fromGo.publicKey().orElseThrow()));
        assertEquals("go-interop/1.0", java.peer(goId).orElseThrow().agentVersion());

        // Identify, read by Go from Java.
        Map<String, Object> fromJava = go.call(CALL, "cmd", "identify", "peer", java.peerId().toBase58(),
                "timeoutMs", 20000);
        assertEquals("java-interop/1.0", fromJava.get("agentVersion"));
        assertEquals(IdentifyInfo.PROTOCOL_VERSION, fromJava.get("protocolVersion"));
        assertTrue(((List<?>) fromJava.get("protocols")).containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0",
                "/ipfs/ping/1.0.0", TestProtocols.ECHO, TestProtocols.SINK)), fromJava.toString());
        assertEquals(List.of(java.listenAddresses().get(0).toString()), fromJava.get("listenAddrs"));
        assertEquals(conn.get("localAddr"), fromJava.get("observedAddr"));

        // Identify push: a protocol Java starts serving reaches Go's peerstore.
        java.setStreamHandler("/test/late/1.0.0", (stream, peer) -> TestProtocols.collect(stream));
        Await.until("go to learn /test/late/1.0.0 by identify push", Duration.ofSeconds(20), () -> {
            try {
                return ((List<?>) go.call(CALL, "cmd", "protocols", "peer", java.peerId().toBase58()).get("protocols"))
                        .contains("/test/late/1.0.0");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        // Identify push the other way: a protocol Go starts serving reaches the Java node's view of the peer.
        go.call(CALL, "cmd", "serve", "protocol", "/test/late-go/1.0.0");
        await(() -> java.peer(goId).orElseThrow().protocols().contains("/test/late-go/1.0.0"),
                "java to learn /test/late-go/1.0.0 by identify push");

        // Ping, both ways.
        assertTrue(java.ping(goId).get(30, TimeUnit.SECONDS).toNanos() > 0);
        assertTrue(((Number) go.call(CALL, "cmd", "ping", "peer", java.peerId().toBase58()).get("rttMs"))
                .doubleValue() > 0);
        assertEquals(List.of(goId), java.peers().stream().map(PeerInfo::peerId).toList());
    }

    /**
     * go-libp2p keeps every connection to a peer, the Java node one per peer (DuplicateConnectionRule): when both dial
     * at once, the pair still ends on one connection that both use, and a hang-up on either side is seen by the other.
     */
    @Test
    void simultaneousDialsEndOnOneConnectionAndHangUpsAreSeenBothWays() throws Exception {
        P2PNode java = javaNode(TERANODE_KEY);
        GoPeer go = goPeer("psk", TERANODE_KEY);
        PeerId goId = PeerId.parse(go.peerId());
        CompletableFuture<PeerInfo> javaDial = java.connect(Multiaddr.parse(go.dialAddress()));
        go.call(CALL, "cmd", "dial", "addr", dialAddress(java).toString());
        javaDial.get(30, TimeUnit.SECONDS);
        Await.until(() -> "one connection on each side", Duration.ofSeconds(20), () -> {
            try {
                return goConnections(go, java.peerId()).size() == 1 && java.peers().size() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(java.ping(goId).get(30, TimeUnit.SECONDS).toNanos() > 0);
        go.call(CALL, "cmd", "echo", "peer", java.peerId().toBase58(), "bytes", 256 * 1024, "streams", 4);

        go.call(CALL, "cmd", "hangUp", "peer", java.peerId().toBase58());
        await(() -> !java.isConnected(goId), "java to see go hang up");
        java.connect(Multiaddr.parse(go.dialAddress())).get(30, TimeUnit.SECONDS);
        int disconnectsBefore = countEvents(go, "disconnect", java.peerId());
        java.disconnect(goId).get(30, TimeUnit.SECONDS);
        await(() -> countEvents(go, "disconnect", java.peerId()) > disconnectsBefore, "go to see java hang up");
        assertEquals(List.of(), goConnections(go, java.peerId()));
    }

    private static int countEvents(GoPeer go, String name, PeerId peer) {
        return (int) go.eventsSoFar().stream()
                .filter(e -> name.equals(e.get("event")) && peer.toBase58().equals(e.get("peerId"))).count();
    }

    /** yamux under load: 100 concurrent echo streams of 4 MiB each way, every byte checked, over PSK + Noise. */
    @ParameterizedTest(name = "java dials: {0}")
    @ValueSource(booleans = {true, false})
    void hundredConcurrentStreamsOfFourMebibytesEachWay(boolean javaDials) throws Exception {
        int streams = 100;
        int size = 4 << 20;
        P2PNode java = javaNode(TERANODE_KEY);
        GoPeer go = goPeer("psk", TERANODE_KEY);
        PeerId goId = connect(java, go, javaDials);

        // Go -> Java: the Go peer opens the streams and checks every byte that comes back.
        Map<String, Object> reply = go.call(Duration.ofMinutes(5), "cmd", "echo", "peer", java.peerId().toBase58(),
                "bytes", size, "streams", streams);
        assertEquals(streams, ((Number) reply.get("streams")).intValue());

        // Java -> Go: each stream its own payload, so a mix-up between streams shows too.
        long seed = RANDOM.nextLong();
        List<CompletableFuture<byte[]>> echoed = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            byte[] data = payload(seed + i, size);
            CompletableFuture<byte[]> back = new CompletableFuture<>();
            Channel stream = java.newStream(goId, TestProtocols.ECHO, s -> TestProtocols.collect(s)
                    .whenComplete((bytes, e) -> {
                        if (e != null) {
                            back.completeExceptionally(e);
                        } else {
                            back.complete(bytes);
                        }
                    })).get(30, TimeUnit.SECONDS);
            TestProtocols.sendAndHalfClose(stream, data);
            echoed.add(back);
        }
        for (int i = 0; i < streams; i++) {
            byte[] back = echoed.get(i).get(5, TimeUnit.MINUTES);
            assertArrayEquals(payload(seed + i, size), back, "stream " + i);
        }
        assertEquals(1, goConnections(go, java.peerId()).size());
        assertEquals(List.of(goId), java.peers().stream().map(PeerInfo::peerId).toList());
    }

    private static byte[] payload(long seed, int size) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    @Test
    void wrongPskFailsOnBothSidesWhileBothKeepServing() throws Exception {
        P2PNode java = javaNode(TERANODE_KEY);
        GoPeer stranger = goPeer("psk", OTHER_KEY, "logLevels", Map.of("upgrader", "debug"));
        try (LogCapture log = LogCapture.of(P2PNode.class)) {
            // Go with another key dials Java: the handshake fails on both ends.
            GoPeer.GoCommandException dialError = assertThrows(GoPeer.GoCommandException.class,
                    () -> stranger.call(CALL, "cmd", "dial", "addr", dialAddress(java).toString()));
            assertTrue(dialError.getMessage().contains("failed to negotiate security protocol")
                    || dialError.getMessage().contains("failed to dial"), dialError.getMessage());
            String line = log.await(r -> r.startsWith("INFO refused connection inbound"));
            assertTrue(line.contains("do not decrypt to a multistream header with our p2p_shared_key (sha256:"
                    + Psk.fromHex(TERANODE_KEY).fingerprint() + ")"), line);
        }

        // Java dials Go with another key: fails, at the latest when the handshake timeout closes it.
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> java.connect(Multiaddr.parse(stranger.dialAddress())).get(HANDSHAKE.toSeconds() * 2, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("p2p_shared_key"), e.getCause().toString());
        Await.until(() -> "go to log the failed inbound upgrade; stderr: " + stranger.stderr(), Duration.ofSeconds(20),
                () -> stranger.stderr().contains("accept upgrade error"));
        assertFalse(java.isConnected(PeerId.parse(stranger.peerId())));
        await(() -> java.transportStats().open() == 0, "java to drop the stranger's sockets");

        // Both keep serving: a peer with the right key connects to each.
        GoPeer friend = goPeer("psk", TERANODE_KEY);
        PeerId friendId = connect(java, friend, false);
        assertTrue(java.ping(friendId).get(30, TimeUnit.SECONDS).toNanos() > 0);
        P2PNode otherJava = javaNode(OTHER_KEY);
        PeerId strangerId = connect(otherJava, stranger, true);
        assertTrue(otherJava.ping(strangerId).get(30, TimeUnit.SECONDS).toNanos() > 0);
        stranger.call(CALL, "cmd", "echo", "peer", otherJava.peerId().toBase58(), "bytes", 64 * 1024);
    }

    /** Teranode's direct stream: one JSON message, no length prefix, read to end of stream (spec 2.7). */
    @ParameterizedTest(name = "java dials: {0}")
    @ValueSource(booleans = {true, false})
    @SuppressWarnings("unchecked")
    void bitcoinStreamCarriesVersionAndVerackBothWays(boolean javaDials) throws Exception {
        P2PNode java = javaNode(TERANODE_KEY);
        LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
        java.setStreamHandler(BITCOIN_PROTOCOL, (stream, peer) -> TestProtocols.collect(stream)
                .thenAccept(bytes -> received.add(new Received(peer, bytes))));
        GoPeer go = goPeer("psk", TERANODE_KEY);
        PeerId goId = connect(java, go, javaDials);
        byte[] version = goMarshal(go, "version", go.peerId());
        byte[] verack = goMarshal(go, "verack", go.peerId());

        // Go -> Java: Go's sender opens a stream, writes the version, closes.
        go.call(CALL, "cmd", "bitcoinSend", "peer", java.peerId().toBase58(),
                "dataB64", Base64.getEncoder().encodeToString(version));
        Received fromGo = received.poll(30, TimeUnit.SECONDS);
        assertEquals(goId, fromGo.peer());
        assertArrayEquals(version, fromGo.bytes(), new String(fromGo.bytes(), StandardCharsets.UTF_8));

        // Java -> Go, which answers on a new stream back, as Teranode answers a version with a verack.
        go.call(CALL, "cmd", "bitcoinAnswer", "dataB64", Base64.getEncoder().encodeToString(verack));
        byte[] javaVersion = ("{\"type\":\"version\",\"peerID\":\"" + java.peerId().toBase58() + "\",\"bestHeight\":7,"
                + "\"bestHash\":\"\",\"dataHubURL\":\"http://java\",\"userAgent\":\"teranode/bitcoin/1.0.0\",\"services\":0}")
                .getBytes(StandardCharsets.UTF_8);
        Channel stream = java.newStream(goId, BITCOIN_PROTOCOL).get(30, TimeUnit.SECONDS);
        TestProtocols.sendAndHalfClose(stream, javaVersion);
        Map<String, Object> atGo = go.awaitEvent(e -> "bitcoin".equals(e.get("event"))
                && java.peerId().toBase58().equals(e.get("from")), CALL);
        assertEquals(new String(javaVersion, StandardCharsets.UTF_8), atGo.get("text"));
        Map<String, Object> fields = (Map<String, Object>) go.call(CALL, "cmd", "unmarshal", "type", "handshake",
                "dataB64", atGo.get("dataB64")).get("fields");
        assertEquals(java.peerId().toBase58(), fields.get("PeerID"));
        assertEquals("7", fields.get("BestHeight"));
        Received answer = received.poll(30, TimeUnit.SECONDS);
        assertEquals(goId, answer.peer());
        assertArrayEquals(verack, answer.bytes());
        go.awaitEvent(e -> "bitcoinAnswered".equals(e.get("event")) && e.get("error") == null, CALL);
    }

    private static byte[] goMarshal(GoPeer go, String type, String peerId) throws Exception {
        Map<String, Object> reply = go.call(CALL, "cmd", "marshal", "type", "handshake", "fields", Map.of(
                "Type", type, "PeerID", peerId, "BestHeight", 123, "BestHash", "00".repeat(32),
                "DataHubURL", "http://go:8090/api/v1", "UserAgent", "teranode/bitcoin/1.0.0", "Services", 0));
        return Base64.getDecoder().decode((String) reply.get("dataB64"));
    }

    private record Received(PeerId peer, byte[] bytes) {
    }

    /** Collects what a class's logger writes (FINE and up) while open, for the log lines operators would read. */
    private static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger;
        private final Level previous;
        private final List<String> lines = new ArrayList<>();

        private LogCapture(Logger logger) {
            this.logger = logger;
            this.previous = logger.getLevel();
            setLevel(Level.ALL);
            logger.setLevel(Level.FINE);
            logger.addHandler(this);
        }

        static LogCapture of(Class<?> type) {
            return new LogCapture(Logger.getLogger(type.getName()));
        }

        @Override
        public void publish(LogRecord record) {
            synchronized (lines) {
                lines.add(record.getLevel() + " " + new SimpleFormatter().formatMessage(record));
            }
        }

        /** Waits for a line matching {@code filter} and returns it. */
        String await(Predicate<String> filter) {
            String[] found = new String[1];
            Await.until(() -> "a log line as expected; lines: " + snapshot(), Duration.ofSeconds(20), () -> {
                for (String line : snapshot()) {
                    if (filter.test(line)) {
                        found[0] = line;
                        return true;
                    }
                }
                return false;
            });
            return found[0];
        }

        private List<String> snapshot() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(previous);
        }
    }
}
