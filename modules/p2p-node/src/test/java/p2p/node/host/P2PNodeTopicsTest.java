package p2p.node.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.Psk;
import p2p.node.pubsub.GossipConfig;
import p2p.node.pubsub.Gossipsub;
import p2p.testkit.Await;

/** The topic half of the host facade (the reference's P2PNodeI): subscribe, handlers, publish, traffic totals. */
class P2PNodeTopicsTest {
    private static final Psk PSK = Psk.fromHex("285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137");
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String BLOCKS = "bitcoin/regtest-block";
    private static final String SUBTREES = "bitcoin/regtest-subtree";

    private final List<P2PNode> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        nodes.forEach(P2PNode::close);
    }

    private P2PNode started() throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").psk(PSK).ioThreads(1).build());
        nodes.add(node);
        node.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return node;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, DEADLINE, condition);
    }

    private static BlockingQueue<String> inbox(Gossipsub node, String topic) {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        node.setTopicHandler(topic, (data, from) -> inbox.add(new String(data, StandardCharsets.UTF_8) + " via "
                + from.toBase58()));
        return inbox;
    }

    @Test
    void publishedMessagesReachEveryHandlerOfTheTopicOwnOnesIncluded() throws Exception {
        P2PNode a = started();
        P2PNode b = started();
        Gossipsub aTopics = Gossipsub.start(a, GossipConfig.defaults(), (peer, reason, detail) -> { });
        Gossipsub bTopics = Gossipsub.start(b, GossipConfig.defaults(), (peer, reason, detail) -> { });
        BlockingQueue<String> aBlocks = inbox(aTopics, BLOCKS);
        BlockingQueue<String> bBlocks = inbox(bTopics, BLOCKS);
        BlockingQueue<String> bSubtrees = inbox(bTopics, SUBTREES);
        aTopics.subscribe(BLOCKS, SUBTREES);
        bTopics.subscribe(BLOCKS, SUBTREES);
        a.connect(b.listenAddresses().get(0).withPeerId(b.peerId().toBytes()))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        await("b announced both topics to a", () -> aTopics.topicPeers(BLOCKS).join().contains(b.peerId())
                && aTopics.topicPeers(SUBTREES).join().contains(b.peerId()));
        long sentBefore = a.bytesSent();
        long receivedBefore = b.bytesReceived();

        aTopics.publish(BLOCKS, "block-1".getBytes(StandardCharsets.UTF_8)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        aTopics.publish(SUBTREES, "subtree-1".getBytes(StandardCharsets.UTF_8))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertEquals("block-1 via " + a.peerId().toBase58(), bBlocks.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals("subtree-1 via " + a.peerId().toBase58(), bSubtrees.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        // the author's own handler gets the message once, from itself
        assertEquals("block-1 via " + a.peerId().toBase58(), aBlocks.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(null, aBlocks.poll(200, TimeUnit.MILLISECONDS));
        // the wire carried at least the two payloads (encrypted, framed and signed: more than their length)
        assertTrue(a.bytesSent() - sentBefore > "block-1subtree-1".length(), "a's bytes sent did not grow enough");
        assertTrue(b.bytesReceived() - receivedBefore > "block-1subtree-1".length(),
                "b's bytes received did not grow enough");
        assertTrue(a.lastSend().isPresent() && b.lastReceive().isPresent());
    }

    @Test
    void trafficTotalsKeepWhatClosedConnectionsCarried() throws Exception {
        P2PNode a = started();
        P2PNode b = started();
        a.connect(b.listenAddresses().get(0).withPeerId(b.peerId().toBytes()))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        a.ping(b.peerId()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        long sent = a.bytesSent();
        long received = a.bytesReceived();
        assertTrue(sent > 0 && received > 0, "the handshake and ping carried bytes");

        a.disconnect(b.peerId()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        await("a forgot b", () -> a.peers().isEmpty());

        assertTrue(a.bytesSent() >= sent, "bytes sent shrank after the connection closed");
        assertTrue(a.bytesReceived() >= received, "bytes received shrank after the connection closed");
    }

    @Test
    void gossipsubRunsOncePerNodeAndStopsWithItsNode() throws Exception {
        P2PNode a = started();
        Gossipsub topics = Gossipsub.start(a, GossipConfig.defaults(), (peer, reason, detail) -> { });
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> Gossipsub.start(a, GossipConfig.defaults(), (peer, reason, detail) -> { }));
        assertTrue(twice.getMessage().contains("already runs"), twice.getMessage());
        topics.subscribe(BLOCKS);
        assertTrue(topics.isRunning());
        a.stop();
        assertFalse(topics.isRunning(), "the node's stop closed gossipsub");
        IllegalStateException after = assertThrows(IllegalStateException.class,
                () -> topics.publish(BLOCKS, new byte[1]));
        assertTrue(after.getMessage().contains("not running"), after.getMessage());
        assertThrows(IllegalStateException.class, () -> topics.subscribe(BLOCKS));
    }

    @Test
    void gossipsubNeedsAStartedNode() {
        P2PNode idle = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").build());
        nodes.add(idle);
        assertThrows(IllegalStateException.class,
                () -> Gossipsub.start(idle, GossipConfig.defaults(), (peer, reason, detail) -> { }));
    }
}
