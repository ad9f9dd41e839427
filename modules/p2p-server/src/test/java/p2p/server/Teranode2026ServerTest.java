package p2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2p.server.ServerNode.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.chain.BlockHeaderInfo;
import p2p.chain.ChainNotification;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.kafka.message.KafkaSubtreeTopicMessage;
import p2p.server.gen2026.ListenMode;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.message.BlockMessage;
import p2p.server.gen2026.message.Envelope;
import p2p.server.gen2026.message.NodeStatusMessage;

/**
 * Two whole 2026-profile servers on loopback (libp2p over TCP without a private-network key, gossipsub, Derby ban
 * lists, memory:// Kafka, fake blockchains) exchanging spec teranode-2026's traffic: enveloped blocks, subtrees,
 * node_status and rejected transactions on the {@code teranode/bitcoin/1.0.0/regtest-*} topics, the author check
 * and the other receive rules scoring the author, and {@code listen_mode}.
 */
class Teranode2026ServerTest {
    private static final long WAIT = ServerNode.DEADLINE.toSeconds();
    private static final String HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    @TempDir
    Path dir;
    private final List<ServerNode2026> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (ServerNode2026 node : nodes) {
            node.close();
        }
    }

    private ServerNode2026 node(String name, UnaryOperator<Settings2026> customise) throws Exception {
        ServerNode2026 node = new ServerNode2026(name, dir, FakeChain.header(0, 0), customise);
        nodes.add(node);
        return node;
    }

    private ServerNode2026[] pair(UnaryOperator<Settings2026> a, UnaryOperator<Settings2026> b) throws Exception {
        ServerNode2026 first = node("a", a);
        ServerNode2026 second = node("b", b);
        first.connectAndMeet(second);
        return new ServerNode2026[] {first, second};
    }

    private static byte[] enveloped(byte[] payload) {
        return Envelope.wrap("test", payload).encode();
    }

    private static byte[] block(String peerId, String url) {
        return new BlockMessage(peerId, "test", url, HASH, 5, "00".repeat(80), "").encode();
    }

    @Test
    void aBlockOfAReachesBsKafkaWithItsAuthorAsPeerIdAndItsNodeStatusFollows() throws Exception {
        ServerNode2026[] pair = pair(s -> s, s -> s);
        ServerNode2026 a = pair[0];
        ServerNode2026 b = pair[1];
        BlockingQueue<byte[]> bBlocks = b.consume("blocks");
        BlockHeaderInfo mined = FakeChain.header(7, 812_000);
        a.chain.setBest(mined);

        a.chain.fire(ChainNotification.Type.BLOCK, mined.hash());

        byte[] value = bBlocks.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value, "no blocks message on b");
        KafkaBlockTopicMessage message = KafkaBlockTopicMessage.parseFrom(value);
        assertEquals(mined.hash().toDisplayHex(), message.getHash());
        assertEquals(a.dataHubUrl, message.getURL());
        assertEquals(a.id().toBase58(), message.getPeerId());
        await("b learns a's height 812000 from a's node_status",
                () -> b.server.peerHeights().get(a.id()).map(h -> h.current() == 812_000).orElse(false));
        PeerStatuses.Status status = b.server.peerStatuses().get(a.id()).orElseThrow();
        assertEquals(a.dataHubUrl, status.baseUrl());
        assertEquals(mined.hash().toDisplayHex(), status.bestBlockHash());
        assertEquals("java-a", status.clientName());
        assertEquals("full", status.listenMode());
        assertEquals(0, b.score(a.id()));
        assertEquals(0, a.score(b.id()));
    }

    @Test
    void aSubtreeOfAReachesBsKafkaWithItsAuthor() throws Exception {
        ServerNode2026[] pair = pair(s -> s, s -> s);
        BlockingQueue<byte[]> bSubtrees = pair[1].consume("subtrees");
        BlockHeaderInfo subtree = FakeChain.header(9, 1);

        pair[0].chain.fire(ChainNotification.Type.SUBTREE, subtree.hash());

        byte[] value = bSubtrees.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value, "no subtrees message on b");
        KafkaSubtreeTopicMessage message = KafkaSubtreeTopicMessage.parseFrom(value);
        assertEquals(subtree.hash().toDisplayHex(), message.getHash());
        assertEquals(pair[0].id().toBase58(), message.getPeerId());
    }

    @Test
    void nodeStatusGoesOutPeriodicallyAndOperatorsSeeBothNodesStatuses() throws Exception {
        ServerNode2026[] pair = pair(s -> s.withStatusInterval(Duration.ofMillis(200)), s -> s);
        ServerNode2026 a = pair[0];
        ServerNode2026 b = pair[1];

        await("b's operators see two node_status of a without any block",
                () -> b.statuses.stream().filter(s -> s.peerId().equals(a.id().toBase58())).count() >= 2);
        NodeStatusMessage seen = b.statuses.stream().filter(s -> s.peerId().equals(a.id().toBase58()))
                .findFirst().orElseThrow();
        assertEquals("node_status", seen.type());
        assertEquals("java-a", seen.clientName());
        assertEquals(a.dataHubUrl, seen.baseUrl());
        assertEquals("full", seen.listenMode());
        assertEquals("test", seen.version());
        // A new WebSocket client gets this node's own status first: the server keeps it.
        assertEquals(a.id().toBase58(), a.server.ownStatus().peerId());
    }

    @Test
    void aSpoofedPeerIdCostsItsAuthorProtocolViolation() throws Exception {
        ServerNode2026[] pair = pair(s -> s, s -> s);
        ServerNode2026 a = pair[0];
        ServerNode2026 b = pair[1];

        a.gossipsub.publish(ServerNode2026.TOPICS.block(), enveloped(block(b.id().toBase58(), "http://x.test")))
                .get(WAIT, TimeUnit.SECONDS);

        await("b scores a, the author, +20 for claiming b's peer id", () -> b.score(a.id()) == 20);
        assertEquals(1, b.server.counters().topic(ServerNode2026.TOPICS.block()).malformed());
    }

    @Test
    void malformedOversizedAndPrivateUrlMessagesCostTheirAuthorAndTheServerKeepsServing() throws Exception {
        ServerNode2026[] pair = pair(s -> s, s -> s.withAllowPrivateIps(false));
        ServerNode2026 a = pair[0];
        ServerNode2026 b = pair[1];
        String block = ServerNode2026.TOPICS.block();
        String self = a.id().toBase58();

        a.gossipsub.publish(block, "not json".getBytes(StandardCharsets.US_ASCII)).get(WAIT, TimeUnit.SECONDS);
        await("no envelope: +20", () -> b.score(a.id()) == 20);
        a.gossipsub.publish(block, "{\"name\":\"x\",\"data\":\"YQ\"}".getBytes(StandardCharsets.US_ASCII))
                .get(WAIT, TimeUnit.SECONDS);
        await("unpadded base64, which Go refuses: +20", () -> b.score(a.id()) == 40);
        a.gossipsub.publish(block, enveloped(new byte[33 * 1024])).get(WAIT, TimeUnit.SECONDS);
        await("a 33 KiB block payload over the 32 KiB cap: +20", () -> b.score(a.id()) == 60);
        a.gossipsub.publish(block, enveloped(block(self, "http://127.0.0.1:8090"))).get(WAIT, TimeUnit.SECONDS);
        await("a loopback DataHubURL without p2p_allow_private_ips: +20", () -> b.score(a.id()) == 80);

        BlockingQueue<byte[]> bBlocks = b.consume("blocks");
        a.gossipsub.publish(block, enveloped(block(self, "https://datahub.example/api/v1"))).get(WAIT, TimeUnit.SECONDS);
        KafkaBlockTopicMessage accepted = KafkaBlockTopicMessage.parseFrom(bBlocks.poll(WAIT, TimeUnit.SECONDS));
        assertEquals(HASH, accepted.getHash());
        assertEquals(80, b.score(a.id()), "a valid message costs nothing");
        assertEquals(4, b.server.counters().topic(block).malformed());
    }

    /** Issue 12's rule in 2026: the relayer of a spoofed message costs nothing, its signed author pays. */
    @Test
    void aSpoofedMessageRelayedByBCostsItsAuthorANotTheRelayerB() throws Exception {
        ServerNode2026[] pair = pair(s -> s, s -> s);
        ServerNode2026 a = pair[0];
        ServerNode2026 b = pair[1];
        ServerNode2026 c = node("c", s -> s);
        b.connectAndMeet(c);
        await("c sees a's node_status through b only", () -> c.statuses.stream()
                .anyMatch(s -> s.peerId().equals(a.id().toBase58())));
        assertTrue(c.node.peer(a.id()).isEmpty(), "c has no connection to a");

        a.gossipsub.publish(ServerNode2026.TOPICS.subtree(), enveloped(new p2p.server.gen2026.message.SubtreeMessage(
                c.id().toBase58(), "test", "http://x.test", HASH).encode())).get(WAIT, TimeUnit.SECONDS);

        await("c scores a +20", () -> c.score(a.id()) == 20);
        await("b scores a +20 too", () -> b.score(a.id()) == 20);
        assertEquals(0, c.score(b.id()), "the relayer b is never scored");
    }

    /** A peer republishing one valid announcement puts it on Kafka once (RecentAnnouncements, as in 2025). */
    @Test
    void aRepublishedBlockOrSubtreeGoesToKafkaOnce() throws Exception {
        ServerNode2026[] pair = pair(s -> s, s -> s);
        ServerNode2026 a = pair[0];
        ServerNode2026 b = pair[1];
        BlockingQueue<byte[]> bBlocks = b.consume("blocks");
        BlockingQueue<byte[]> bSubtrees = b.consume("subtrees");
        String self = a.id().toBase58();
        byte[] subtree = new p2p.server.gen2026.message.SubtreeMessage(self, "test", "https://one.example", HASH)
                .encode();
        for (int i = 0; i < 3; i++) {
            a.gossipsub.publish(ServerNode2026.TOPICS.block(), enveloped(block(self, "https://one.example")))
                    .get(WAIT, TimeUnit.SECONDS);
            a.gossipsub.publish(ServerNode2026.TOPICS.subtree(), enveloped(subtree)).get(WAIT, TimeUnit.SECONDS);
        }
        a.gossipsub.publish(ServerNode2026.TOPICS.block(), enveloped(block(self, "https://two.example")))
                .get(WAIT, TimeUnit.SECONDS);

        await("b counts two repeats of each", () -> b.server.counters().topic(ServerNode2026.TOPICS.block())
                .repeated() == 2 && b.server.counters().topic(ServerNode2026.TOPICS.subtree()).repeated() == 2);
        assertEquals("https://one.example", KafkaBlockTopicMessage.parseFrom(bBlocks.poll(WAIT, TimeUnit.SECONDS))
                .getURL());
        assertEquals("https://two.example", KafkaBlockTopicMessage.parseFrom(bBlocks.poll(WAIT, TimeUnit.SECONDS))
                .getURL(), "the same hash from another DataHub URL is a new announcement");
        assertNotNull(bSubtrees.poll(WAIT, TimeUnit.SECONDS));
        assertEquals(null, bSubtrees.poll(1, TimeUnit.SECONDS), "one subtree record");
        assertEquals(null, bBlocks.poll(), "two block records");
        assertEquals(0, b.score(a.id()), "a repeat is not a violation");
    }

    @Test
    void listenOnlyPublishesNoBlockAndAnEmptyBaseUrl() throws Exception {
        ServerNode2026[] pair = pair(s -> s.withListenMode(ListenMode.LISTEN_ONLY), s -> s);
        ServerNode2026 a = pair[0];
        ServerNode2026 b = pair[1];
        BlockHeaderInfo mined = FakeChain.header(3, 42);
        a.chain.setBest(mined);

        a.chain.fire(ChainNotification.Type.BLOCK, mined.hash());

        await("b learns a's height 42", () -> b.server.peerHeights().get(a.id())
                .map(h -> h.current() == 42).orElse(false));
        // The block is published before the node_status that followed it, so it would have been counted by now.
        assertEquals(0, a.server.counters().topic(ServerNode2026.TOPICS.block()).published());
        assertEquals("", b.server.peerStatuses().get(a.id()).orElseThrow().baseUrl());
        assertEquals("listen_only", b.server.peerStatuses().get(a.id()).orElseThrow().listenMode());
    }

    @Test
    void onlyOurOwnValidatorsRejectionsArePublished() throws Exception {
        ServerNode2026[] pair = pair(s -> s, s -> s);
        ServerNode2026 a = pair[0];
        ServerNode2026 b = pair[1];
        String rejected = ServerNode2026.TOPICS.rejectedTx();

        var handler = a.server.rejectedTxHandler();
        handler.handle(KafkaRejectedTxTopicMessage.newBuilder().setTxHash("11".repeat(32)).setReason("peer's")
                .setPeerId(b.id().toBase58()).build().toByteArray());
        handler.handle(KafkaRejectedTxTopicMessage.newBuilder().setTxHash("22".repeat(32)).setReason("double spend")
                .build().toByteArray());

        await("b receives a's own rejection", () -> b.server.counters().topic(rejected).accepted() == 1);
        assertEquals(1, a.server.counters().topic(rejected).published(), "the peer's rejection is not re-published");
        assertEquals(0, b.score(a.id()));
    }

    @Test
    void anUnknownProtocolNamesTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageProfile.forProtocol("teranode-2027", () -> null, () -> null));
        assertTrue(e.getMessage().contains("p2p_protocol"), e.getMessage());
        assertTrue(MessageProfile.forProtocol("", () -> new ServerSettings(ServerNode.TOPICS, "http://x"),
                () -> null) instanceof MessageProfile.Teranode2025);
        assertEquals(160, HexFormat.of().formatHex(FakeChain.header(1, 1).header()).length());
    }
}
