package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;

/**
 * Gossipsub against js-libp2p ({@code @libp2p/gossipsub} pinned by the harness, StrictSign) over TCP, pnet with
 * Teranode's key, Noise and yamux: each side's messages reach the other with valid signatures, and the meshes form.
 */
class GossipsubInteropTest {
    private static final String TOPIC = GossipsubHostTest.TOPIC;
    private static final String PSK_HEX = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private P2PNode node;
    private Gossipsub gossipsub;
    private JsGossipPeer js;
    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final List<String> penalties = new CopyOnWriteArrayList<>();

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
}
