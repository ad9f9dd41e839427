package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.testkit.js.JsGossipPeer;

/**
 * Gossipsub against js-libp2p ({@code @libp2p/gossipsub} pinned by the harness, StrictSign) over TCP, pnet with
 * Teranode's key, Noise and yamux: each side's messages reach the other with valid signatures, the meshes form,
 * each side relays the other's messages along a line of peers, and messages that fail StrictSign (forged after
 * signing, or unsigned) are rejected and reported as protocol violations of the peer that sent them.
 */
@Tag("interop")
class GossipsubInteropTest {
    private static final String TOPIC = GossipsubHostTest.TOPIC;
    private static final String PSK_HEX = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private P2PNode node;
    private Gossipsub gossipsub;
    private JsGossipPeer js;
    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final List<String> penalties = new CopyOnWriteArrayList<>();
    /** Further peers started by a test, closed in reverse order before the common ones. */
    private final List<AutoCloseable> extras = new ArrayList<>();

    /** A second Java node with gossipsub, subscribed to {@link #TOPIC}. */
    private record JavaPeer(P2PNode node, GossipRouter router, BlockingQueue<String> inbox) {
    }

    @BeforeEach
    void start() throws Exception {
        assumeTrue(JsGossipPeer.available(), "node or the js harness dependencies are missing");
        node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").psk(GossipsubHostTest.TERANODE_PSK).ioThreads(1).build());
        node.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        gossipsub = Gossipsub.start(node, GossipConfig.defaults(),
                (peer, reason, detail) -> penalties.add(peer + " " + reason + " " + detail));
        gossipsub.router().setTopicHandler(TOPIC, (data, from) -> inbox.add(HexFormat.of().formatHex(data)
                + " via " + from));
        gossipsub.router().subscribe(TOPIC);
        js = JsGossipPeer.start(PSK_HEX);
        js.call(DEADLINE, "cmd", "subscribe", "topic", TOPIC);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = extras.size() - 1; i >= 0; i--) {
            extras.get(i).close();
        }
        if (js != null) {
            js.close();
        }
        if (gossipsub != null) {
            gossipsub.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private JsGossipPeer extraJs(String signaturePolicy) throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("psk", PSK_HEX);
        config.put("signaturePolicy", signaturePolicy);
        JsGossipPeer peer = JsGossipPeer.start(config);
        extras.add(peer);
        peer.call(DEADLINE, "cmd", "subscribe", "topic", TOPIC);
        return peer;
    }

    private JavaPeer extraJava() throws Exception {
        P2PNode other = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").psk(GossipsubHostTest.TERANODE_PSK).ioThreads(1).build());
        extras.add(other);
        other.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        Gossipsub otherGossip = Gossipsub.start(other, GossipConfig.defaults(),
                (peer, reason, detail) -> penalties.add(peer + " " + reason + " " + detail));
        extras.add(otherGossip);
        BlockingQueue<String> otherInbox = new LinkedBlockingQueue<>();
        otherGossip.router().setTopicHandler(TOPIC, (data, from) -> otherInbox.add(HexFormat.of().formatHex(data)
                + " via " + from));
        otherGossip.router().subscribe(TOPIC);
        return new JavaPeer(other, otherGossip.router(), otherInbox);
    }

    private static String dialAddress(P2PNode target) {
        return target.listenAddresses().get(0).withPeerId(target.peerId().toBytes()).toString();
    }

    /** Whether {@code peer}'s mesh for {@link #TOPIC} holds every one of {@code members}. */
    private static boolean jsMeshHas(JsGossipPeer peer, String... members) {
        try {
            List<?> mesh = (List<?>) peer.call(DEADLINE, "cmd", "mesh", "topic", TOPIC).get("peers");
            return mesh.containsAll(List.of(members));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<?> jsConnectedPeers(JsGossipPeer peer) throws Exception {
        return (List<?>) peer.call(DEADLINE, "cmd", "peers").get("peers");
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private void connectAndFormMesh() throws Exception {
        String address = node.listenAddresses().get(0).withPeerId(node.peerId().toBytes()).toString();
        js.call(DEADLINE, "cmd", "dial", "addr", address);
        PeerId jsPeer = PeerId.parse(js.peerId());
        GossipsubHostTest.await("both meshes include the other", () -> {
            try {
                return gossipsub.router().meshPeers(TOPIC).join().contains(jsPeer)
                        && ((List<?>) js.call(DEADLINE, "cmd", "mesh", "topic", TOPIC).get("peers"))
                                .contains(node.peerId().toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void jsPublishesAndJavaReceives() throws Exception {
        connectAndFormMesh();
        String payload = HexFormat.of().formatHex("{\"Hash\":\"00ab\",\"Height\":7}".getBytes(StandardCharsets.UTF_8));
        js.call(DEADLINE, "cmd", "publish", "topic", TOPIC, "dataHex", payload);

        assertEquals(payload + " via " + js.peerId(), inbox.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, gossipsub.router().counters().rejected(), "js signature verified under StrictSign");
        assertTrue(penalties.isEmpty(), penalties.toString());
    }

    @Test
    void javaPublishesAndJsReceives() throws Exception {
        connectAndFormMesh();
        byte[] data = "{\"Hash\":\"00cd\",\"Height\":8}".getBytes(StandardCharsets.UTF_8);
        gossipsub.router().publish(TOPIC, data).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        Map<String, Object> message = js.awaitEvent(e -> "message".equals(e.get("event")), DEADLINE);
        assertEquals(TOPIC, message.get("topic"));
        assertEquals(node.peerId().toString(), message.get("from"), "js accepted our StrictSign signature");
        assertEquals(HexFormat.of().formatHex(data), message.get("dataHex"));
        assertEquals(16, ((String) message.get("seqnoHex")).length());
    }

    @Test
    void manyMessagesBothWaysArriveOnce() throws Exception {
        connectAndFormMesh();
        int count = 50;
        for (int i = 0; i < count; i++) {
            gossipsub.router().publish(TOPIC, ("java " + i).getBytes(StandardCharsets.UTF_8));
            js.call(DEADLINE, "cmd", "publish", "topic", TOPIC,
                    "dataHex", HexFormat.of().formatHex(("js " + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < count; i++) {
            String want = HexFormat.of().formatHex(("java " + i).getBytes(StandardCharsets.UTF_8));
            js.awaitEvent(e -> want.equals(e.get("dataHex")), DEADLINE);
        }
        Set<String> fromJs = new HashSet<>();
        while (fromJs.size() < count) {
            String got = inbox.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(got, "only " + fromJs.size() + " of " + count + " js messages arrived");
            if (!got.endsWith(" via " + node.peerId())) {
                assertTrue(fromJs.add(got), "delivered twice: " + got);
            }
        }
        assertEquals(0, gossipsub.router().counters().rejected());
    }

    /** js A and js B each connected to the Java node only, all three meshed; returns B (A is {@link #js}). */
    private JsGossipPeer lineJsJavaJs() throws Exception {
        JsGossipPeer b = extraJs("StrictSign");
        js.call(DEADLINE, "cmd", "dial", "addr", dialAddress(node));
        b.call(DEADLINE, "cmd", "dial", "addr", dialAddress(node));
        PeerId a = PeerId.parse(js.peerId());
        PeerId bId = PeerId.parse(b.peerId());
        String java = node.peerId().toString();
        GossipsubHostTest.await("line js A - Java - js B meshed", () -> GossipsubHostTest.inMesh(gossipsub.router(), a)
                && GossipsubHostTest.inMesh(gossipsub.router(), bId) && jsMeshHas(js, java) && jsMeshHas(b, java));
        assertEquals(List.of(java), jsConnectedPeers(js), "A is connected to the Java node only");
        assertEquals(List.of(java), jsConnectedPeers(b), "B is connected to the Java node only");
        return b;
    }

    @Test
    void javaRelaysBetweenTwoJsPeersThatAreNotConnected() throws Exception {
        JsGossipPeer b = lineJsJavaJs();
        PeerId a = PeerId.parse(js.peerId());

        String payload = hex("{\"Hash\":\"00ef\",\"Height\":9}");
        js.call(DEADLINE, "cmd", "publish", "topic", TOPIC, "dataHex", payload);

        Map<String, Object> got = b.awaitEvent(e -> "message".equals(e.get("event")), DEADLINE);
        assertEquals(payload, got.get("dataHex"));
        assertEquals(js.peerId(), got.get("from"), "B verified A's signature on the copy Java forwarded");
        assertEquals(payload + " via " + a, inbox.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertFalse(jsConnectedPeers(b).contains(js.peerId()), "B never connected to A");
        assertTrue(penalties.isEmpty(), penalties.toString());
    }

    @Test
    void largeRelayedMessageIsAnnouncedWithIdontwantOverMeshsub12AndStillArrives() throws Exception {
        JsGossipPeer b = lineJsJavaJs();
        String payload = HexFormat.of().formatHex(new byte[8192]);

        js.call(DEADLINE, "cmd", "publish", "topic", TOPIC, "dataHex", payload);

        Map<String, Object> got = b.awaitEvent(e -> "message".equals(e.get("event")), DEADLINE);
        assertEquals(payload, got.get("dataHex"));
        // sent to B only (A sent it to us): B's @libp2p/gossipsub agreed on /meshsub/1.2.0 and took the IDONTWANT
        assertEquals(1, gossipsub.router().counters().idontwantSent());
        assertTrue(jsConnectedPeers(b).contains(node.peerId().toString()), "B kept the connection");
        assertTrue(penalties.isEmpty(), penalties.toString());
    }

    @Test
    void jsRelaysBetweenTwoJavaNodesThatAreNotConnected() throws Exception {
        JavaPeer other = extraJava();
        js.call(DEADLINE, "cmd", "dial", "addr", dialAddress(node));
        js.call(DEADLINE, "cmd", "dial", "addr", dialAddress(other.node()));
        PeerId jsPeer = PeerId.parse(js.peerId());
        GossipsubHostTest.await("line Java - js - Java meshed", () -> GossipsubHostTest.inMesh(gossipsub.router(), jsPeer)
                && GossipsubHostTest.inMesh(other.router(), jsPeer)
                && jsMeshHas(js, node.peerId().toString(), other.node().peerId().toString()));
        assertFalse(node.isConnected(other.node().peerId()), "the Java nodes are not connected to each other");

        byte[] data = "{\"Hash\":\"0101\",\"Height\":10}".getBytes(StandardCharsets.UTF_8);
        gossipsub.router().publish(TOPIC, data).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertEquals(HexFormat.of().formatHex(data) + " via " + jsPeer,
                other.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS), "delivered through the js peer");
        assertFalse(other.node().isConnected(node.peerId()));
        assertEquals(0, other.router().counters().rejected(), "js forwarded our message with its signature intact");
        assertTrue(penalties.isEmpty(), penalties.toString());
    }

    @Test
    void messageForgedAfterSigningIsRejectedAndItsSenderPenalised() throws Exception {
        JsGossipPeer forger = extraJs("StrictSign");
        assertBadPeerPenalisedWhileGoodPeerKeepsWorking(forger, true, StrictSign.Rejection.BAD_SIGNATURE);
    }

    @Test
    void unsignedMessageFromStrictNoSignPeerIsRejectedAndItsSenderPenalised() throws Exception {
        JsGossipPeer unsigned = extraJs("StrictNoSign");
        assertBadPeerPenalisedWhileGoodPeerKeepsWorking(unsigned, false, StrictSign.Rejection.MISSING_FROM);
    }

    /**
     * The common js peer is the good one. Both dial the Java node; the bad peer publishes one message (forged after
     * signing when {@code tamper}, else as its signature policy makes it), then the good peer publishes.
     * {@code expected} is the StrictSign check the bad message must fail.
     */
    private void assertBadPeerPenalisedWhileGoodPeerKeepsWorking(JsGossipPeer bad, boolean tamper,
            StrictSign.Rejection expected) throws Exception {
        js.call(DEADLINE, "cmd", "dial", "addr", dialAddress(node));
        bad.call(DEADLINE, "cmd", "dial", "addr", dialAddress(node));
        PeerId good = PeerId.parse(js.peerId());
        PeerId badId = PeerId.parse(bad.peerId());
        String java = node.peerId().toString();
        GossipsubHostTest.await("both js peers meshed with Java", () -> GossipsubHostTest.inMesh(gossipsub.router(), good)
                && GossipsubHostTest.inMesh(gossipsub.router(), badId) && jsMeshHas(js, java) && jsMeshHas(bad, java));

        String forged = hex("{\"Hash\":\"bad0\",\"Height\":666}");
        bad.call(DEADLINE, "cmd", "publish", "topic", TOPIC, "dataHex", forged, "tamper", tamper);
        GossipsubHostTest.await("a penalty for the bad peer", () -> !penalties.isEmpty());
        assertEquals(1, penalties.size(), penalties.toString());
        assertEquals(badId + " " + PenaltyReason.PROTOCOL_VIOLATION + " StrictSign: " + expected, penalties.get(0));
        assertEquals(1, gossipsub.router().counters().rejected());

        String fine = hex("{\"Hash\":\"600d\",\"Height\":667}");
        js.call(DEADLINE, "cmd", "publish", "topic", TOPIC, "dataHex", fine);
        assertEquals(fine + " via " + good, inbox.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        // The rejection happened before the good message arrived, and a message is delivered or rejected in the
        // same step: the forged one never reached the handler.
        assertTrue(inbox.isEmpty(), inbox.toString());

        byte[] ours = "{\"Hash\":\"0202\",\"Height\":668}".getBytes(StandardCharsets.UTF_8);
        gossipsub.router().publish(TOPIC, ours).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        js.awaitEvent(e -> HexFormat.of().formatHex(ours).equals(e.get("dataHex")), DEADLINE);
        // Anything Java had relayed from the bad peer would have reached the good one before our later message.
        assertFalse(jsConnectedPeers(js).contains(bad.peerId()));
        for (Map<String, Object> event : js.eventsSoFar()) {
            if ("message".equals(event.get("event"))) {
                assertEquals(HexFormat.of().formatHex(ours), event.get("dataHex"), "relayed from the bad peer");
            }
        }
        assertEquals(1, penalties.size(), "no penalty for the good peer: " + penalties);
    }
}
