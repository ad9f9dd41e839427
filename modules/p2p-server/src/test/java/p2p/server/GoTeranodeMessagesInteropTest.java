package p2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2p.server.ServerNode.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import p2p.chain.BlockHash;
import p2p.chain.BlockHeaderInfo;
import p2p.chain.ChainNotification;
import p2p.kafka.KafkaStats;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.kafka.message.KafkaSubtreeTopicMessage;
import p2p.node.crypto.PeerId;
import p2p.testkit.InteropResources;
import p2p.testkit.go.GoPeer;

/**
 * The Teranode topic messages (spec section 3) between a whole Java server and the go-libp2p test peer (gossipsub
 * v0.14.1, StrictSign, pnet with Teranode's key). The Go peer writes each message with Go structs that have exactly
 * Teranode's field names and JSON tags and {@code encoding/json}, as Teranode's own code does: the server handles each
 * as it handles its own, with issue 12's rules (spec 3.3-3.8: Kafka message, operators' announcement, heights from
 * mining-on and handshakes only, a verack to the version's author; rejected-tx is published, never subscribed).
 * Every message the server publishes, and the version and verack it sends on {@code teranode/bitcoin/1.0.0},
 * unmarshals in Go into those structs with every field as sent, and is byte for byte what {@code encoding/json}
 * writes for them.
 */
@Tag("interop")
class GoTeranodeMessagesInteropTest {
    private static final long WAIT = ServerNode.DEADLINE.toSeconds();
    private static final String GO_DATA_HUB = "http://go.test:8090/api/v1";
    /** The Go peer's message type (its README) of each topic. */
    static final Map<String, String> GO_TYPES = Map.of(
            ServerNode.TOPICS.handshake(), "handshake",
            ServerNode.TOPICS.block(), "block",
            ServerNode.TOPICS.subtree(), "subtree",
            ServerNode.TOPICS.miningOn(), "miningOn",
            ServerNode.TOPICS.rejectedTx(), "rejectedTx");

    @TempDir
    Path dir;
    /** Servers and peers, closed after each test in reverse order; the test skipped without Go. */
    @RegisterExtension
    final InteropResources closeables = InteropResources.go();

    private ServerNode server(String name, BlockHeaderInfo best) throws Exception {
        ServerNode node = new ServerNode(name, dir, best);
        closeables.closeAfter(node);
        return node;
    }

    /** A Go peer with Teranode's key, subscribed to the five topics, decoding each message into its Go struct. */
    private GoPeer goPeer() throws Exception {
        GoPeer go = GoPeer.start(GoPeer.config("psk", ServerNode.PSK_HEX,
                "dht", false));
        closeables.closeAfter(go);
        for (String topic : ServerNode.TOPICS.all()) {
            go.call(ServerNode.DEADLINE, "cmd", "subscribe", "topic", topic, "teranodeType", GO_TYPES.get(topic));
        }
        return go;
    }

    /**
     * The Go peer dials {@code server}; returns once each has the other in its mesh of every topic the server
     * subscribes, and the server knows the Go peer subscribes to rejected-tx (which the server only publishes, through
     * fanout, spec 3.7). go-libp2p-pubsub v0.14.1 publishes to its mesh only (no flood publishing by default), and a
     * message published before the mesh forms never reaches a peer grafted at the next heartbeat (gossip skips mesh
     * peers).
     */
    static PeerId connect(GoPeer go, ServerNode server) throws Exception {
        go.call(ServerNode.DEADLINE, "cmd", "dial", "addr",
                server.node.listenAddresses().get(0).withPeerId(server.id().toBytes()).toString());
        PeerId goId = PeerId.parse(go.peerId());
        for (String topic : ServerNode.SUBSCRIBED) {
            await("the server and the Go peer meshed on " + topic,
                    () -> server.gossipsub.router().meshPeers(topic).join().contains(goId)
                            && goMesh(go, topic).contains(server.id().toBase58()));
        }
        await("the server sees the Go peer on the rejected-tx topic", () -> server.gossipsub.router()
                .topicPeers(ServerNode.TOPICS.rejectedTx()).join().contains(goId));
        return goId;
    }

    private static List<?> goMesh(GoPeer go, String topic) {
        try {
            return (List<?>) go.call(ServerNode.DEADLINE, "cmd", "mesh", "topic", topic).get("peers");
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("the Go peer did not list its mesh", e);
        }
    }

    /** Fields by Go name, in the order given. */
    private static Map<String, Object> fields(Object... nameValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.put((String) nameValues[i], nameValues[i + 1]);
        }
        return out;
    }

    /**
     * Publishes a message the Go peer marshals from its Teranode struct {@code type} with {@code fields}; returns the
     * peers Go knew in the topic.
     */
    private static List<?> goPublishes(GoPeer go, String topic, Map<String, Object> fields) throws Exception {
        return (List<?>) go.call(ServerNode.DEADLINE, "cmd", "publish", "topic", topic,
                "teranode", Map.of("type", GO_TYPES.get(topic), "fields", fields)).get("recipients");
    }

    /** Waits for a {@code teranode/bitcoin/1.0.0} message from {@code from} whose handshake type is {@code type}. */
    private static Map<String, Object> goReceivedDirect(GoPeer go, PeerId from, String type) throws Exception {
        return go.awaitEvent(e -> "bitcoin".equals(e.get("event")) && from.toBase58().equals(e.get("from"))
                && String.valueOf(e.get("text")).startsWith("{\"type\":\"" + type + "\""), ServerNode.DEADLINE);
    }

    /** What {@code encoding/json} writes for the Go struct {@code type} with {@code fields}. */
    private static byte[] goMarshal(GoPeer go, String type, Map<String, Object> fields) throws Exception {
        Map<String, Object> reply = go.call(ServerNode.DEADLINE, "cmd", "marshal", "type", type, "fields", fields);
        return Base64.getDecoder().decode((String) reply.get("dataB64"));
    }

    /** Waits for the Go peer's delivery of a message on {@code topic} authored by {@code author}. */
    private static Map<String, Object> goReceived(GoPeer go, String topic, PeerId author) throws Exception {
        return go.awaitEvent(e -> "message".equals(e.get("event")) && topic.equals(e.get("topic"))
                && author.toBase58().equals(e.get("from")), ServerNode.DEADLINE);
    }

    /**
     * Checks that the payload unmarshals in Go into the struct {@code type} with exactly {@code expected} (Go field
     * name to value as decimal text for numbers), and that re-marshalling those fields gives the same bytes.
     */
    private static void assertGoReads(GoPeer go, String type, byte[] payload, Map<String, Object> expected)
            throws Exception {
        Map<String, Object> reply = go.call(ServerNode.DEADLINE, "cmd", "unmarshal", "type", type,
                "dataB64", Base64.getEncoder().encodeToString(payload));
        String text = new String(payload, StandardCharsets.UTF_8);
        assertNull(reply.get("unmarshalError"), () -> "Go could not unmarshal " + text);
        assertEquals(expected, reply.get("fields"), () -> "Go's " + type + " struct from " + text);
        assertEquals(text, new String(goMarshal(go, type, expected), StandardCharsets.UTF_8),
                "byte for byte what encoding/json writes for the struct");
    }

    /** {@link #assertGoReads} for a gossip message event; also checks the subscription's own decode of it. */
    private static void assertGoReads(GoPeer go, Map<String, Object> event, String type, Map<String, Object> expected)
            throws Exception {
        assertNull(event.get("teranodeError"), () -> "Go could not unmarshal " + event);
        assertEquals(expected, event.get("teranode"), () -> "decoded " + event);
        assertGoReads(go, type, Base64.getDecoder().decode((String) event.get("dataB64")), expected);
    }

    /**
     * The block handler's whole effect (spec 3.4): a Kafka blocks message and the operators' announcement. A block
     * message moves no peer height (issue 12): the handler would have recorded it before producing to Kafka.
     */
    private static void assertBlockHandled(ServerNode server, BlockingQueue<byte[]> kafkaBlocks, String hash,
                                           long height, String dataHubUrl, String peerId) throws Exception {
        assertKafkaBlock(kafkaBlocks, hash, dataHubUrl);
        assertEquals(new Announcement(Announcement.BLOCK, hash, dataHubUrl, peerId, "", 0, height, 0, ""),
                server.announcements.poll(WAIT, TimeUnit.SECONDS));
        assertTrue(server.server.peerHeights().get(PeerId.parse(peerId)).map(h -> h.current() != height)
                .orElse(true), "a block message moved the peer's height");
    }

    private static void assertKafkaBlock(BlockingQueue<byte[]> kafkaBlocks, String hash, String url)
            throws Exception {
        byte[] value = kafkaBlocks.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value, "no Kafka blocks message for " + hash);
        KafkaBlockTopicMessage message = KafkaBlockTopicMessage.parseFrom(value);
        assertEquals(hash, message.getHash());
        assertEquals(url, message.getURL());
    }

    @Test
    void everyMessageGoWritesIsHandledAsTheServerHandlesItsOwn() throws Exception {
        ServerNode server = server("server", FakeChain.header(0, 0));
        GoPeer go = goPeer();
        PeerId goId = connect(go, server);
        String goPeerId = goId.toBase58();
        BlockingQueue<byte[]> kafkaBlocks = server.consume("blocks");
        BlockingQueue<byte[]> kafkaSubtrees = server.consume("subtrees");

        String blockHash = FakeChain.header(41, 812_000).hash().toDisplayHex();
        goPublishes(go, ServerNode.TOPICS.block(), fields("Hash", blockHash, "Height", 812_000,
                "DataHubURL", GO_DATA_HUB, "PeerID", goPeerId));
        assertBlockHandled(server, kafkaBlocks, blockHash, 812_000, GO_DATA_HUB, goPeerId);

        String subtreeHash = FakeChain.header(42, 0).hash().toDisplayHex();
        goPublishes(go, ServerNode.TOPICS.subtree(), fields("Hash", subtreeHash, "DataHubURL", GO_DATA_HUB,
                "PeerID", goPeerId));
        byte[] subtree = kafkaSubtrees.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(subtree, "no Kafka subtrees message");
        assertEquals(subtreeHash, KafkaSubtreeTopicMessage.parseFrom(subtree).getHash());
        assertEquals(GO_DATA_HUB, KafkaSubtreeTopicMessage.parseFrom(subtree).getURL());
        assertEquals(new Announcement(Announcement.SUBTREE, subtreeHash, GO_DATA_HUB, goPeerId, "", 0, 0, 0, ""),
                server.announcements.poll(WAIT, TimeUnit.SECONDS));

        BlockHeaderInfo tip = FakeChain.header(43, 812_001);
        goPublishes(go, ServerNode.TOPICS.miningOn(), fields("Hash", tip.hash().toDisplayHex(),
                "PreviousHash", tip.previousHash().toDisplayHex(), "DataHubURL", GO_DATA_HUB, "PeerID", goPeerId,
                "Height", 812_001, "Miner", "go-miner", "SizeInBytes", "18446744073709551615", "TxCount", 4321));
        assertEquals(new Announcement(Announcement.MINING_ON, tip.hash().toDisplayHex(), GO_DATA_HUB, goPeerId,
                tip.previousHash().toDisplayHex(), 4321, 812_001, -1, "go-miner"),
                server.announcements.poll(WAIT, TimeUnit.SECONDS), "SizeInBytes is Go's uint64 max");
        // Operators are notified before the height is recorded (Go's order, spec 3.6).
        await("the mining-on height recorded", () -> server.server.peerHeights().get(goId)
                .map(h -> h.current() == 812_001).orElse(false));

        // Rejected-tx is published, never subscribed (spec 3.7): the server handles Go's as it handles its own, by
        // never receiving it; Go's publish finds no subscribed server to send to.
        String txId = FakeChain.header(44, 0).hash().toDisplayHex();
        List<?> rejectedTxRecipients = goPublishes(go, ServerNode.TOPICS.rejectedTx(), fields("TxID", txId,
                "Reason", "double spend & <more>", "PeerID", goPeerId));
        assertFalse(rejectedTxRecipients.contains(server.id().toBase58()), "the server subscribes to rejected-tx");

        // A version ahead of the server: the height, a verack back to its author on teranode/bitcoin/1.0.0 (here
        // also the peer that delivered it), and a Kafka blocks message for the peer's best block so block
        // validation catches up (spec 3.3).
        String versionHash = FakeChain.header(45, 900_000).hash().toDisplayHex();
        goPublishes(go, ServerNode.TOPICS.handshake(), fields("Type", "version", "PeerID", goPeerId,
                "BestHeight", 900_000, "BestHash", versionHash, "DataHubURL", GO_DATA_HUB,
                "UserAgent", "teranode/bitcoin/1.0.0", "Services", 0));
        assertKafkaBlock(kafkaBlocks, versionHash, GO_DATA_HUB);
        assertEquals(900_000, server.server.peerHeights().get(goId).orElseThrow().current());
        Map<String, Object> verack = goReceivedDirect(go, server.id(), "verack");
        assertGoReads(go, "handshake", Base64.getDecoder().decode((String) verack.get("dataB64")),
                handshake("verack", server, FakeChain.header(0, 0)));

        // A verack on the direct stream, as Go's Teranode answers our version.
        String verackHash = FakeChain.header(46, 900_001).hash().toDisplayHex();
        byte[] goVerack = goMarshal(go, "handshake", fields("Type", "verack", "PeerID", goPeerId,
                "BestHeight", 900_001, "BestHash", verackHash, "DataHubURL", GO_DATA_HUB,
                "UserAgent", "teranode/bitcoin/1.0.0", "Services", 0));
        go.call(ServerNode.DEADLINE, "cmd", "bitcoinSend", "peer", server.id().toBase58(),
                "dataB64", Base64.getEncoder().encodeToString(goVerack));
        assertKafkaBlock(kafkaBlocks, verackHash, GO_DATA_HUB);
        assertEquals(900_001, server.server.peerHeights().get(goId).orElseThrow().current());

        for (String topic : ServerNode.SUBSCRIBED) {
            ServerCounters.TopicCounts counts = server.server.counters().topic(topic);
            assertEquals(0, counts.malformed(), topic);
            // the handshake topic counts the verack of the direct stream too
            assertEquals(topic.equals(ServerNode.TOPICS.handshake()) ? 2 : 1, counts.accepted(), topic);
        }
        assertEquals(0, server.server.counters().topic(ServerNode.TOPICS.rejectedTx()).received());
        assertEquals(0, server.score(goId));
        assertNull(kafkaBlocks.poll(), "one Kafka blocks message each");
        assertTrue(server.announcements.isEmpty(), server.announcements::toString);
    }

    /** Go's HandshakeMessage fields as the server fills them for {@code best}. */
    private static Map<String, Object> handshake(String type, ServerNode server, BlockHeaderInfo best) {
        return fields("Type", type, "PeerID", server.id().toBase58(), "BestHeight", String.valueOf(best.height()),
                "BestHash", best.hash().toDisplayHex(), "DataHubURL", server.dataHubUrl,
                "UserAgent", "teranode/bitcoin/1.0.0", "Services", "0");
    }

    @Test
    void everyMessageTheServerSendsUnmarshalsInGoWithEveryFieldAsSent() throws Exception {
        BlockHeaderInfo best = FakeChain.header(5, 700);
        ServerNode server = server("server", best);
        GoPeer go = goPeer();
        connect(go, server);
        PeerId self = server.id();

        // The version a peer that connects gets on the direct stream (issue 12: no network-wide broadcast).
        assertGoReads(go, "handshake", Base64.getDecoder().decode((String) goReceivedDirect(go, self, "version")
                .get("dataB64")), handshake("version", server, best));

        BlockHeaderInfo mined = FakeChain.header(7, 812_000);
        server.chain.setBest(mined);
        server.chain.fire(ChainNotification.Type.BLOCK, mined.hash());
        assertGoReads(go, goReceived(go, ServerNode.TOPICS.block(), self), "block", fields(
                "Hash", mined.hash().toDisplayHex(), "Height", "812000", "DataHubURL", server.dataHubUrl,
                "PeerID", self.toBase58()));

        BlockHash subtreeHash = FakeChain.header(21, 0).hash();
        server.chain.fire(ChainNotification.Type.SUBTREE, subtreeHash);
        assertGoReads(go, goReceived(go, ServerNode.TOPICS.subtree(), self), "subtree", fields(
                "Hash", subtreeHash.toDisplayHex(), "DataHubURL", server.dataHubUrl, "PeerID", self.toBase58()));

        BlockHeaderInfo tip = FakeChain.header(22, 900);
        server.chain.setBest(tip);
        server.chain.fire(ChainNotification.Type.MINING_ON, tip.hash());
        assertGoReads(go, goReceived(go, ServerNode.TOPICS.miningOn(), self), "miningOn", fields(
                "Hash", tip.hash().toDisplayHex(), "PreviousHash", tip.previousHash().toDisplayHex(),
                "DataHubURL", server.dataHubUrl, "PeerID", self.toBase58(), "Height", "900",
                "Miner", "test-miner/22", "SizeInBytes", "567890", "TxCount", "1234"));

        server.kafka.consumer(ServerNode.url("memory://rejectedtx"), "p2p", server.server.rejectedTxHandler(),
                new KafkaStats()).start();
        String txId = FakeChain.header(23, 0).hash().toDisplayHex();
        server.produce("rejectedtx", KafkaRejectedTxTopicMessage.newBuilder().setTxHash(txId)
                .setReason("double spend & <more>").build().toByteArray());
        assertGoReads(go, goReceived(go, ServerNode.TOPICS.rejectedTx(), self), "rejectedTx", fields(
                "TxID", txId, "Reason", "double spend & <more>", "PeerID", self.toBase58()));

        // The verack the server sends on teranode/bitcoin/1.0.0 for a version that reached it on the same stream.
        byte[] version = goMarshal(go, "handshake", fields("Type", "version", "PeerID", go.peerId(),
                "BestHeight", 1, "BestHash", "", "DataHubURL", GO_DATA_HUB, "UserAgent", "teranode/bitcoin/1.0.0",
                "Services", 0));
        go.call(ServerNode.DEADLINE, "cmd", "bitcoinSend", "peer", self.toBase58(),
                "dataB64", Base64.getEncoder().encodeToString(version));
        Map<String, Object> verack = goReceivedDirect(go, self, "verack");
        assertGoReads(go, "handshake", Base64.getDecoder().decode((String) verack.get("dataB64")),
                handshake("verack", server, tip));
    }

    @Test
    void malformedJsonFromGoScoresItAndTheServerKeepsServingIt() throws Exception {
        ServerNode server = server("server", FakeChain.header(0, 0));
        GoPeer go = goPeer();
        PeerId goId = connect(go, server);
        BlockingQueue<byte[]> kafkaBlocks = server.consume("blocks");
        ServerCounters.TopicCounts blocks = server.server.counters().topic(ServerNode.TOPICS.block());

        // Go's encoding/json refuses both too: a string where Teranode's struct has a uint32, then no JSON at all.
        byte[] wrongType = ("{\"Hash\":\"" + "0".repeat(64) + "\",\"Height\":\"1\",\"DataHubURL\":\"\",\"PeerID\":\""
                + goId.toBase58() + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] truncated = "{\"Hash\":\"".getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : List.of(wrongType, truncated)) {
            Map<String, Object> reply = go.call(ServerNode.DEADLINE, "cmd", "unmarshal", "type", "block",
                    "dataB64", Base64.getEncoder().encodeToString(bad));
            assertNotNull(reply.get("unmarshalError"), "Go accepts " + new String(bad, StandardCharsets.UTF_8));
            go.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.block(),
                    "dataB64", Base64.getEncoder().encodeToString(bad));
        }

        await("the server scored the Go peer twice for a protocol violation", () -> server.score(goId) == 40);
        assertEquals(2, blocks.malformed());
        assertEquals(0, blocks.accepted());
        assertNull(kafkaBlocks.poll());
        assertTrue(server.announcements.isEmpty());

        String hash = FakeChain.header(47, 17).hash().toDisplayHex();
        goPublishes(go, ServerNode.TOPICS.block(), fields("Hash", hash, "Height", 17, "DataHubURL", GO_DATA_HUB,
                "PeerID", goId.toBase58()));
        assertBlockHandled(server, kafkaBlocks, hash, 17, GO_DATA_HUB, goId.toBase58());
        assertTrue(server.node.isConnected(goId), "the server dropped the Go peer");
    }
}
