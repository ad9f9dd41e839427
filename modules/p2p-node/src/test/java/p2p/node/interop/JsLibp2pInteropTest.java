package p2p.node.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import p2p.testkit.js.JsPeer;

/**
 * The Java stack against js-libp2p 3.x in real {@code node} processes (src/test/js): tcp, pnet, Noise, yamux,
 * identify, ping and stream protocols, each way, with and without a private-network key.
 */
@Tag("interop")
class JsLibp2pInteropTest {
    private static final String TERANODE_KEY = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final String OTHER_KEY = "11".repeat(32);
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final Duration HANDSHAKE = Duration.ofSeconds(3);
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final InteropFixture fixture = InteropFixture.js();

    private P2PNode javaNode(String key) throws Exception {
        P2PNode node = fixture.start(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0")
                .psk(Optional.ofNullable(key).map(Psk::fromHex))
                .agentVersion("java-interop/1.0")
                .limits(new ConnectionLimits(64, 16, HANDSHAKE))
                .ioThreads(2)
                .build());
        TestProtocols.serve(node);
        return node;
    }

    private JsPeer jsPeer(String key) throws Exception {
        JsPeer peer = JsPeer.start(JsPeer.config("psk", key, "agentVersion", "js-interop/1.0"));
        fixture.closeAfter(peer);
        return peer;
    }

    private static Multiaddr dialAddress(P2PNode node) {
        return node.listenAddresses().get(0).withPeerId(node.peerId().toBytes());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(20), condition);
    }

    @ParameterizedTest(name = "java dials: {0}, psk: {1}")
    @CsvSource({"true, true", "false, true", "true, false", "false, false"})
    void identifyPingAndEchoWorkBothWays(boolean javaDials, boolean withPsk) throws Exception {
        String key = withPsk ? TERANODE_KEY : null;
        P2PNode java = javaNode(key);
        JsPeer js = jsPeer(key);
        PeerId jsId = PeerId.parse(js.peerId());

        if (javaDials) {
            PeerInfo info = java.connect(Multiaddr.parse(js.dialAddress())).get(30, TimeUnit.SECONDS);
            assertEquals(jsId, info.peerId());
            assertEquals(Direction.OUTBOUND, info.direction());
        } else {
            Map<String, Object> reply = js.call(CALL, "cmd", "dial", "addr", dialAddress(java).toString());
            assertEquals(java.peerId().toBase58(), reply.get("peerId"));
            await(() -> java.isConnected(jsId), "java to register the js connection");
            assertEquals(Direction.INBOUND, java.peer(jsId).orElseThrow().direction());
        }

        // Identify, read by Java from js.
        IdentifyInfo fromJs = java.identify(jsId).get(30, TimeUnit.SECONDS);
        assertEquals("js-interop/1.0", fromJs.agentVersion());
        assertEquals(IdentifyInfo.PROTOCOL_VERSION, fromJs.protocolVersion());
        assertTrue(fromJs.protocols().containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", TestProtocols.ECHO)),
                fromJs.protocols().toString());
        assertTrue(fromJs.listenAddrs().contains(Multiaddr.parse(js.dialAddress()).withoutPeerId()), fromJs.listenAddrs().toString());
        assertTrue(jsId.matches(fromJs.publicKey().orElseThrow()));
        assertEquals("js-interop/1.0", java.peer(jsId).orElseThrow().agentVersion());

        // Identify, read by js from Java.
        Map<String, Object> fromJava = js.call(CALL, "cmd", "identify", "peer", java.peerId().toBase58(),
                "timeoutMs", 20000);
        assertEquals("java-interop/1.0", fromJava.get("agentVersion"));
        assertEquals(IdentifyInfo.PROTOCOL_VERSION, fromJava.get("protocolVersion"));
        assertTrue(((List<?>) fromJava.get("protocols")).containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0",
                "/ipfs/ping/1.0.0", TestProtocols.ECHO, TestProtocols.SINK)), fromJava.toString());
        assertTrue(((List<?>) fromJava.get("listenAddrs")).contains(java.listenAddresses().get(0).toString()),
                fromJava.toString());

        // Ping, both ways.
        assertTrue(java.ping(jsId).get(30, TimeUnit.SECONDS).toNanos() > 0);
        assertTrue(((Number) js.call(CALL, "cmd", "ping", "peer", java.peerId().toBase58()).get("rttMs"))
                .doubleValue() >= 0);

        // 1 MiB echo, Java -> js (Java checks every byte).
        byte[] data = new byte[1 << 20];
        RANDOM.nextBytes(data);
        CompletableFuture<byte[]> echoed = new CompletableFuture<>();
        Channel stream = java.newStream(jsId, TestProtocols.ECHO, s -> TestProtocols.collect(s)
                .whenComplete((bytes, e) -> {
                    if (e != null) {
                        echoed.completeExceptionally(e);
                    } else {
                        echoed.complete(bytes);
                    }
                })).get(30, TimeUnit.SECONDS);
        TestProtocols.sendAndHalfClose(stream, data);
        assertArrayEquals(data, echoed.get(60, TimeUnit.SECONDS));

        // 1 MiB echo, js -> Java (js checks every byte and fails the command otherwise).
        js.call(Duration.ofSeconds(60), "cmd", "echo", "peer", java.peerId().toBase58(), "bytes", 1 << 20);

        assertEquals(1, java.peers().size());
        PeerInfo after = java.peers().get(0);
        assertTrue(after.bytesIn() > 2 << 20 && after.bytesOut() > 2 << 20, after.toString());
    }

    @Test
    void wrongPskFailsWithinTheHandshakeTimeoutWhileJavaKeepsServing() throws Exception {
        P2PNode java = javaNode(TERANODE_KEY);
        JsPeer friend = jsPeer(TERANODE_KEY);
        JsPeer stranger = jsPeer(OTHER_KEY);
        friend.call(CALL, "cmd", "dial", "addr", dialAddress(java).toString());
        PeerId friendId = PeerId.parse(friend.peerId());
        await(() -> java.isConnected(friendId), "the friend's connection");

        // js with another key dials Java: the handshake cannot complete.
        long start = System.nanoTime();
        assertThrows(JsPeer.JsCommandException.class,
                () -> stranger.call(CALL, "cmd", "dial", "addr", dialAddress(java).toString()));
        // Java dials js with another key: fails, at the latest when the handshake timeout closes it.
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> java.connect(Multiaddr.parse(stranger.dialAddress())).get(HANDSHAKE.toSeconds() * 4, TimeUnit.SECONDS));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertFalse(java.isConnected(PeerId.parse(stranger.peerId())), "connected despite " + e.getCause());
        await(() -> java.transportStats().open() == 1, "java to drop the stranger's sockets (took " + took + ")");

        // The friend is still served.
        assertTrue(java.ping(friendId).get(30, TimeUnit.SECONDS).toNanos() > 0);
        friend.call(CALL, "cmd", "echo", "peer", java.peerId().toBase58(), "bytes", 64 * 1024);
        assertEquals(List.of(friendId), java.peers().stream().map(PeerInfo::peerId).toList());
    }
}
