package p2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static p2p.server.ServerNode.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaInvalidBlockTopicMessage;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.testkit.InteropResources;
import p2p.testkit.js.JsGossipPeer;

/**
 * Three nodes in a line, author - relayer - receiver, mixing js-libp2p and Java (spec sections 2.5, 2.6 and 3.3;
 * issue 12): the receiver sees the author's messages only through the relayer. A message Go accepts costs nobody
 * anything; one that does not decode is forwarded all the same (gossipsub's relaying never depends on the
 * application) and scores its signed author only, never the relayer; a {@code version} is answered to its author,
 * not to the relayer (⚠ Go answers the relayer, 14.2 #5). GoRelayedGossipTest has the go-libp2p variants.
 */
@Tag("interop")
class RelayedGossipTest {
    private static final long WAIT = ServerNode.DEADLINE.toSeconds();
    private static final String HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";

    @TempDir
    Path dir;
    /** Servers and peers, closed after each test in reverse order; the test skipped without node. */
    @RegisterExtension
    final InteropResources closeables = InteropResources.js();

    private ServerNode server(String name) throws Exception {
        ServerNode node = new ServerNode(name, dir, FakeChain.header(0, 0));
        closeables.closeAfter(node);
        return node;
    }

    private JsGossipPeer js() throws Exception {
        JsGossipPeer js = JsGossipPeer.start(TeranodeMessagesInteropTest.jsConfig());
        closeables.closeAfter(js);
        for (String topic : ServerNode.SUBSCRIBED) {
            js.call(ServerNode.DEADLINE, "cmd", "subscribe", "topic", topic);
        }
        return js;
    }

    /** {@code server} dials {@code js}; returns once each sees the other on every subscribed topic. */
    private static PeerId link(ServerNode server, JsGossipPeer js) throws Exception {
        server.node.connect(Multiaddr.parse(js.dialAddress())).get(WAIT, TimeUnit.SECONDS);
        PeerId jsId = PeerId.parse(js.peerId());
        for (String topic : ServerNode.SUBSCRIBED) {
            await(server.id() + " and js see each other on " + topic,
                    () -> server.gossipsub.router().topicPeers(topic).join().contains(jsId)
                            && subscribers(js, topic).contains(server.id().toBase58()));
        }
        return jsId;
    }

    private static List<?> subscribers(JsGossipPeer js, String topic) {
        try {
            return (List<?>) js.call(ServerNode.DEADLINE, "cmd", "subscribers", "topic", topic).get("peers");
        } catch (Exception e) {
            throw new IllegalStateException("the js peer did not list its subscribers", e);
        }
    }

    /**
     * Waits until the relayer's mesh of every topic holds both neighbours: gossipsub forwards along the mesh, and a
     * message that arrives before the heartbeat grafts a peer is never forwarded to it.
     */
    private static void awaitMesh(ServerNode relayer, PeerId... neighbours) throws InterruptedException {
        await("the relayer's meshes hold both neighbours", () -> ServerNode.SUBSCRIBED.stream().allMatch(topic ->
                relayer.gossipsub.router().meshPeers(topic).join().containsAll(List.of(neighbours))));
    }

    private static List<?> mesh(JsGossipPeer js, String topic) {
        try {
            return (List<?>) js.call(ServerNode.DEADLINE, "cmd", "mesh", "topic", topic).get("peers");
        } catch (Exception e) {
            throw new IllegalStateException("the js peer did not list its mesh", e);
        }
    }

    private static Map<String, Object> block(String hash, long height, String peerId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("hash", hash);
        json.put("height", height);
        json.put("dataHubURL", "http://author.test");
        json.put("PeerID", peerId);
        json.put("TopicPrefix", Map.of("nested", List.of(true)));
        return json;
    }

    @Test
    void jsAuthorThroughAJavaRelayerCostsTheRelayerNothing() throws Exception {
        ServerNode relayer = server("relayer");
        ServerNode receiver = server("receiver");
        JsGossipPeer author = js();
        PeerId authorId = link(relayer, author);
        relayer.connectAndMeet(receiver);
        assertFalse(receiver.node.isConnected(authorId));
        awaitMesh(relayer, authorId, receiver.id());
        BlockingQueue<byte[]> receiverBlocks = receiver.consume("blocks");
        ServerCounters.TopicCounts receiverBlockCounts = receiver.server.counters().topic(ServerNode.TOPICS.block());

        // Go-valid in its own spelling: reaches the receiver's Kafka, nobody scored.
        author.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.block(), "json",
                block(HASH.substring(10), 1, authorId.toBase58()));
        KafkaBlockTopicMessage relayed = KafkaBlockTopicMessage.parseFrom(receiverBlocks.poll(WAIT, TimeUnit.SECONDS));
        assertEquals("0".repeat(10) + HASH.substring(10), relayed.getHash());

        // Block validation finds that block invalid: its author is scored, not the relayer that delivered it
        // (Go blames the deliverer).
        p2p.kafka.KafkaStats invalidStats = new p2p.kafka.KafkaStats();
        receiver.kafka.consumer(ServerNode.url("memory://invalid-blocks"), "p2p", receiver.server.invalidBlocksHandler(),
                invalidStats).start();
        receiver.produce("invalid-blocks", KafkaInvalidBlockTopicMessage.newBuilder().setBlockHash(relayed.getHash())
                .setReason("bad merkle root").build().toByteArray());
        await("the receiver scored the block's author", () -> receiver.score(authorId) == 10);
        assertEquals(0, receiver.score(relayer.id()));

        // Not JSON at all: still forwarded by the relayer, scored against the author on both Java nodes.
        author.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.block(), "dataHex",
                java.util.HexFormat.of().formatHex("{\"Hash\":".getBytes(StandardCharsets.UTF_8)));
        await("the receiver scored the author", () -> receiver.score(authorId) == 30);
        await("the relayer scored the author", () -> relayer.score(authorId) == 20);
        assertEquals(1, receiverBlockCounts.malformed());
        assertEquals(1, receiverBlockCounts.accepted());
        assertEquals(0, receiver.score(relayer.id()));

        // A version from the author: the relayer answers it (the author is its neighbour) and so does the receiver,
        // to the author, which it is not connected to, so its verack fails; the relayer gets none from it.
        long relayerHandshakes = relayer.server.counters().topic(ServerNode.TOPICS.handshake()).received();
        long receiverFailed = receiver.server.counters().directFailed();
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("type", "version");
        version.put("peerID", authorId.toBase58());
        version.put("bestHeight", 0);
        author.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.handshake(), "json", version);
        author.awaitEvent(e -> "stream".equals(e.get("event")) && relayer.id().toBase58().equals(e.get("from"))
                && String.valueOf(e.get("json")).contains("verack"), ServerNode.DEADLINE);
        await("the receiver tried its verack to the author", () -> receiver.server.counters().directFailed()
                == receiverFailed + 1);
        assertEquals(relayerHandshakes + 1, relayer.server.counters().topic(ServerNode.TOPICS.handshake()).received(),
                "the relayer received more than the author's version");
        await("the receiver recorded the author's height", () -> receiver.server.peerHeights().get(authorId)
                .isPresent());
        assertEquals(0, receiver.score(relayer.id()));
        assertEquals(0, relayer.score(receiver.id()));
    }

    @Test
    void javaAuthorThroughAJsRelayerCostsTheRelayerNothing() throws Exception {
        ServerNode author = server("author");
        ServerNode receiver = server("receiver");
        JsGossipPeer relayer = js();
        PeerId relayerId = link(author, relayer);
        link(receiver, relayer);
        assertFalse(receiver.node.isConnected(author.id()));
        await("the js relayer's meshes hold both Java nodes", () -> ServerNode.SUBSCRIBED.stream().allMatch(topic -> {
            List<?> mesh = mesh(relayer, topic);
            return mesh.contains(author.id().toBase58()) && mesh.contains(receiver.id().toBase58());
        }));
        BlockingQueue<byte[]> receiverBlocks = receiver.consume("blocks");
        ServerCounters.TopicCounts receiverBlockCounts = receiver.server.counters().topic(ServerNode.TOPICS.block());

        author.gossipsub.router().publish(ServerNode.TOPICS.block(), "[\"no\",\"block\"]".getBytes(
                StandardCharsets.UTF_8));
        author.gossipsub.router().publish(ServerNode.TOPICS.block(), ("{\"HASH\":\"" + HASH + "\",\"Height\":3}")
                .getBytes(StandardCharsets.UTF_8));

        KafkaBlockTopicMessage relayed = KafkaBlockTopicMessage.parseFrom(receiverBlocks.poll(WAIT, TimeUnit.SECONDS));
        assertEquals(HASH, relayed.getHash());
        assertEquals("", relayed.getURL());
        await("the receiver scored the author", () -> receiver.score(author.id()) == 20);
        assertEquals(1, receiverBlockCounts.malformed());
        assertEquals(0, receiver.score(relayerId));
        assertEquals(0, author.score(relayerId));
    }
}
