package p2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2p.server.ServerNode.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.chain.BlockHeaderInfo;
import p2p.chain.ChainNotification;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaInvalidBlockTopicMessage;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;

/**
 * Two whole servers on loopback (libp2p over TCP with the Teranode PSK, gossipsub, Derby ban lists, memory:// Kafka,
 * fake blockchains) exchanging the spec section 3 traffic.
 */
class P2PServerTest {
    private static final long WAIT = ServerNode.DEADLINE.toSeconds();
    @TempDir
    Path dir;
    private final List<ServerNode> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (ServerNode node : nodes) {
            node.close();
        }
    }

    private ServerNode node(String name, BlockHeaderInfo best) throws Exception {
        ServerNode node = new ServerNode(name, dir, best);
        nodes.add(node);
        return node;
    }

    /** Two connected servers at the same height (no catch-up traffic), each seeing the other on every topic. */
    private ServerNode[] pair() throws Exception {
        BlockHeaderInfo genesis = FakeChain.header(0, 0);
        ServerNode a = node("a", genesis);
        ServerNode b = node("b", genesis);
        a.connectAndMeet(b);
        // The version each sends when the other connects is asynchronous: let it land before a test moves heights,
        // or a late genesis-height version overwrites what the test just announced.
        await("a and b know each other's height from the handshake",
                () -> a.server.peerHeights().get(b.id()).isPresent() && b.server.peerHeights().get(a.id()).isPresent());
        return new ServerNode[] {a, b};
    }

    /** Go: TestHandleBlockTopic [Kafka publish; from self]. */
    @Test
    void blockNotificationOnAReachesBsKafkaBlocksTopicWithHashAndUrl() throws Exception {
        ServerNode[] pair = pair();
        ServerNode a = pair[0];
        ServerNode b = pair[1];
        BlockingQueue<byte[]> bBlocks = b.consume("blocks");
        BlockingQueue<byte[]> aBlocks = a.consume("blocks");
        BlockHeaderInfo mined = FakeChain.header(7, 812_000);
        a.chain.setBest(mined);

        a.chain.fire(ChainNotification.Type.BLOCK, mined.hash());

        byte[] value = bBlocks.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value, "no blocks message on b");
        KafkaBlockTopicMessage message = KafkaBlockTopicMessage.parseFrom(value);
        assertEquals(mined.hash().toDisplayHex(), message.getHash());
        assertEquals(a.dataHubUrl, message.getURL());
        Announcement shown = b.announcements.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(shown);
        assertEquals(new Announcement(Announcement.BLOCK, mined.hash().toDisplayHex(), a.dataHubUrl,
                a.id().toBase58(), "", 0, 812_000, 0, ""), shown);
        // Block announcements do not move peer heights (spec 10.1): b still holds a's handshake height.
        assertEquals(0, b.server.peerHeights().get(a.id()).orElseThrow().current());
        // a's own block came back to a's handler: shown to a's operators (Go notifies before the own check), but
        // nothing on a's Kafka
        assertEquals(shown, a.announcements.poll(WAIT, TimeUnit.SECONDS));
        await("a's own block counted", () -> a.server.counters().topic(ServerNode.TOPICS.block()).own() == 1);
        assertNull(aBlocks.poll());
        // counted once the publish completes, which is after the local delivery
        await("a's block counted as published", () -> a.server.counters().topic(ServerNode.TOPICS.block())
                .published() == 1);
    }

    /**
     * Go: TestHandshakeFlow [version → verack; verack], TestServerHandlers [sendHandshakeMessage]. Each side sends
     * its version to the new peer on the direct stream (no topic broadcast); each answers with a verack.
     */
    @Test
    void versionFromAPeerAheadIsAnsweredWithVerackAndTriggersCatchUp() throws Exception {
        BlockHeaderInfo aheadBest = FakeChain.header(3, 120);
        ServerNode a = node("a", aheadBest);
        ServerNode b = node("b", FakeChain.header(0, 0));
        BlockingQueue<byte[]> bBlocks = b.consume("blocks");

        b.connectTo(a);

        // a's version and a's verack, both on the direct stream: both tell b that a is ahead
        for (int i = 0; i < 2; i++) {
            byte[] value = bBlocks.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(value, "catch-up message " + (i + 1) + " missing on b");
            KafkaBlockTopicMessage message = KafkaBlockTopicMessage.parseFrom(value);
            assertEquals(aheadBest.hash().toDisplayHex(), message.getHash());
            assertEquals(a.dataHubUrl, message.getURL());
        }
        assertEquals(new PeerHeights.Height(120, 120), b.server.peerHeights().get(a.id()).orElseThrow());
        await("a learned b's height", () -> a.server.peerHeights().get(b.id()).isPresent());
        assertEquals(0, a.server.peerHeights().get(b.id()).orElseThrow().current());
        // Only the version each published at start went on the topic; the connection's handshakes were direct.
        await("both veracks and both versions written", () -> a.server.counters().directSent() == 2
                && b.server.counters().directSent() == 2);
        assertEquals(1, a.server.counters().topic(ServerNode.TOPICS.handshake()).published());
        assertEquals(1, b.server.counters().topic(ServerNode.TOPICS.handshake()).published());
    }

    /** Go: TestReportInvalidBlock [success; unknown hash]: scored once, then the entry is gone. */
    @Test
    void invalidBlockFromKafkaScoresThePeerThatAnnouncedItOnce() throws Exception {
        ServerNode[] pair = pair();
        ServerNode a = pair[0];
        ServerNode b = pair[1];
        p2p.kafka.KafkaStats invalidStats = new p2p.kafka.KafkaStats();
        b.kafka.consumer(ServerNode.url("memory://invalid-blocks"), "p2p", b.server.invalidBlocksHandler(),
                invalidStats).start();
        BlockHeaderInfo bad = FakeChain.header(9, 5);
        a.chain.setBest(bad);
        a.chain.fire(ChainNotification.Type.BLOCK, bad.hash());
        await("b accepted the block", () -> b.server.counters().topic(ServerNode.TOPICS.block()).accepted() == 1);

        b.produce("invalid-blocks", KafkaInvalidBlockTopicMessage.newBuilder().setBlockHash(bad.hash().toDisplayHex())
                .setReason("bad merkle root").build().toByteArray());

        await("a scored on b", () -> b.score(a.id()) == 10);
        b.produce("invalid-blocks", KafkaInvalidBlockTopicMessage.newBuilder().setBlockHash(bad.hash().toDisplayHex())
                .setReason("reported again").build().toByteArray());
        await("the second report handled", () -> invalidStats.consumed() == 2);
        assertEquals(10, b.score(a.id()));
    }

    /** Go: TestHandleBlockTopic [bad JSON]: no notification, nothing produced (and, beyond Go, the author scored). */
    @Test
    void malformedJsonScoresItsAuthorAndProducesNothing() throws Exception {
        ServerNode[] pair = pair();
        ServerNode a = pair[0];
        ServerNode b = pair[1];
        BlockingQueue<byte[]> bBlocks = b.consume("blocks");

        a.gossipsub.router().publish(ServerNode.TOPICS.block(), "{\"Hash\":42}".getBytes(StandardCharsets.UTF_8));

        await("b scored the author a for a protocol violation", () -> b.score(a.id()) == 20);
        assertEquals(1, b.server.counters().topic(ServerNode.TOPICS.block()).malformed());
        assertEquals(0, b.server.counters().topic(ServerNode.TOPICS.block()).accepted());
        assertNull(bBlocks.poll());
        assertTrue(b.announcements.isEmpty());
    }

    /** Go: TestHandleBlockTopic [from banned peer], TestHandleSubtreeTopic: shown, then dropped before Kafka. */
    @Test
    void messagesFromABannedAddressAreShownThenDropped() throws Exception {
        ServerNode[] pair = pair();
        ServerNode a = pair[0];
        ServerNode b = pair[1];
        BlockingQueue<byte[]> bSubtrees = b.consume("subtrees");
        b.banList.add("127.0.0.1", Instant.now().plusSeconds(3600));

        BlockHeaderInfo subtree = FakeChain.header(11, 0);
        a.chain.fire(ChainNotification.Type.SUBTREE, subtree.hash());

        await("b dropped the subtree", () -> b.server.counters().topic(ServerNode.TOPICS.subtree()).banned() == 1);
        assertNull(bSubtrees.poll());
        assertEquals(new Announcement(Announcement.SUBTREE, subtree.hash().toDisplayHex(), a.dataHubUrl,
                a.id().toBase58(), "", 0, 0, 0, ""), b.announcements.poll());

        // Go: TestHandleMiningOnTopic [banned relayer]: shown and its height recorded before the ban check
        BlockHeaderInfo tip = FakeChain.header(12, 333);
        a.chain.setBest(tip);
        a.chain.fire(ChainNotification.Type.MINING_ON, tip.hash());
        await("b checked the mining-on's relayer", () -> b.server.counters().topic(ServerNode.TOPICS.miningOn())
                .banned() == 1);
        assertEquals(Announcement.MINING_ON, b.announcements.poll().type());
        assertEquals(333, b.server.peerHeights().get(a.id()).orElseThrow().current());
        assertEquals(0, b.server.counters().topic(ServerNode.TOPICS.miningOn()).accepted());
    }

    /**
     * Go: TestHandleBlockTopic [bad hash]: a block whose hash chainhash cannot parse is shown (the notification comes
     * first) but neither produced nor remembered, and costs nobody anything; Go's own short hashes are padded.
     */
    @Test
    void aBlockWithAHashGoCannotParseIsShownButNotProducedNorScored() throws Exception {
        ServerNode[] pair = pair();
        ServerNode a = pair[0];
        ServerNode b = pair[1];
        BlockingQueue<byte[]> bBlocks = b.consume("blocks");

        a.gossipsub.router().publish(ServerNode.TOPICS.block(), "{\"Hash\":\"not hex\",\"Height\":4}"
                .getBytes(StandardCharsets.UTF_8));
        a.gossipsub.router().publish(ServerNode.TOPICS.block(), ("{\"Hash\":\"" + "f".repeat(65) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        a.gossipsub.router().publish(ServerNode.TOPICS.block(), "{\"Hash\":\"BEEF\",\"Height\":5}"
                .getBytes(StandardCharsets.UTF_8));

        KafkaBlockTopicMessage produced = KafkaBlockTopicMessage.parseFrom(bBlocks.poll(WAIT, TimeUnit.SECONDS));
        assertEquals("0".repeat(60) + "beef", produced.getHash());
        ServerCounters.TopicCounts counts = b.server.counters().topic(ServerNode.TOPICS.block());
        assertEquals(2, counts.badHash());
        assertEquals(1, counts.accepted());
        assertEquals(0, counts.malformed());
        assertEquals("not hex", b.announcements.poll(WAIT, TimeUnit.SECONDS).hash());
        assertEquals("f".repeat(65), b.announcements.poll(WAIT, TimeUnit.SECONDS).hash());
        assertEquals("BEEF", b.announcements.poll(WAIT, TimeUnit.SECONDS).hash());
        assertNull(bBlocks.poll());
        assertEquals(0, b.score(a.id()));
    }

    /**
     * Go: TestHandleSubtreeTopic [happy path], TestHandleMiningOnTopic [happy path; from self]. Rejected-tx is
     * published through fanout to subscribers only: b, which does not subscribe, never sees it (spec 3.7).
     */
    @Test
    void subtreeAndMiningOnReachThePeerAndRejectedTxIsPublishOnly() throws Exception {
        ServerNode[] pair = pair();
        ServerNode a = pair[0];
        ServerNode b = pair[1];
        BlockingQueue<byte[]> bSubtrees = b.consume("subtrees");
        BlockHeaderInfo subtree = FakeChain.header(21, 0);
        a.chain.fire(ChainNotification.Type.SUBTREE, subtree.hash());
        byte[] value = bSubtrees.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value);
        assertEquals(subtree.hash().toDisplayHex(),
                p2p.kafka.message.KafkaSubtreeTopicMessage.parseFrom(value).getHash());
        assertEquals(Announcement.SUBTREE, b.announcements.poll(WAIT, TimeUnit.SECONDS).type());

        BlockHeaderInfo tip = FakeChain.header(22, 900);
        a.chain.setBest(tip);
        a.chain.fire(ChainNotification.Type.MINING_ON, tip.hash());
        assertEquals(new Announcement(Announcement.MINING_ON, tip.hash().toDisplayHex(), a.dataHubUrl,
                a.id().toBase58(), tip.previousHash().toDisplayHex(), 1234, 900, 567_890, "test-miner/22"),
                b.announcements.poll(WAIT, TimeUnit.SECONDS));
        // A verack answering b's version (genesis height) may still be in flight on the direct stream: wait for the
        // mining-on height rather than read it once.
        await("b holds a's mining-on height", () -> b.server.peerHeights().get(a.id())
                .map(height -> height.current() == 900).orElse(false));
        // a told its own operators about its subtree and its mining-on, once each (as they came back to it)
        assertEquals(Announcement.SUBTREE, a.announcements.poll(WAIT, TimeUnit.SECONDS).type());
        assertEquals(Announcement.MINING_ON, a.announcements.poll(WAIT, TimeUnit.SECONDS).type());

        a.kafka.consumer(ServerNode.url("memory://rejectedtx"), "p2p", a.server.rejectedTxHandler(),
                new p2p.kafka.KafkaStats()).start();
        String txId = "abc"; // Go's chainhash reads it as 61 zeros and abc
        a.produce("rejectedtx", KafkaRejectedTxTopicMessage.newBuilder().setTxHash(txId).setReason("double spend")
                .build().toByteArray());
        assertEquals(new Announcement(Announcement.REJECTED_TX, "0".repeat(61) + "abc", "", a.id().toBase58(), "",
                0, 0, 0, ""), a.announcements.poll(WAIT, TimeUnit.SECONDS));
        await("a published the rejected tx", () -> a.server.counters().topic(ServerNode.TOPICS.rejectedTx())
                .published() == 1);
        assertTrue(a.gossipsub.router().topicPeers(ServerNode.TOPICS.rejectedTx()).join().isEmpty(),
                "b announced a rejected-tx subscription");
        assertEquals(0, b.server.counters().topic(ServerNode.TOPICS.rejectedTx()).received());
        assertTrue(b.announcements.isEmpty(), () -> "b was shown " + b.announcements);
    }

    @Test
    void oneBadChainNotificationDoesNotStopTheNext() throws Exception {
        ServerNode[] pair = pair();
        ServerNode a = pair[0];
        ServerNode b = pair[1];
        BlockingQueue<byte[]> bBlocks = b.consume("blocks");
        // a block the chain has no header for: logged and skipped
        a.chain.fire(ChainNotification.Type.BLOCK, FakeChain.header(31, 1).hash());
        BlockHeaderInfo known = FakeChain.header(32, 2);
        a.chain.setBest(known);
        a.chain.fire(ChainNotification.Type.BLOCK, known.hash());
        byte[] value = bBlocks.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value);
        assertEquals(known.hash().toDisplayHex(), KafkaBlockTopicMessage.parseFrom(value).getHash());
    }
}
