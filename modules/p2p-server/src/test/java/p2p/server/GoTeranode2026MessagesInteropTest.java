package p2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2p.server.ServerNode.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import p2p.chain.BlockHash;
import p2p.chain.BlockHeaderInfo;
import p2p.chain.ChainNotification;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.kafka.message.KafkaSubtreeTopicMessage;
import p2p.node.crypto.PeerId;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.message.FeePolicy;
import p2p.server.gen2026.message.NodeStatusMessage;
import p2p.testkit.InteropResources;
import p2p.testkit.go.GoPeer;

/**
 * The 2026 topic messages (spec teranode-2026 1.4, 1.5, 1.11) between a whole Java 2026 server and the go-libp2p
 * v0.48 test peer configured as go-p2p-message-bus configures it (no PSK, private addresses allowed, DHT off). The Go
 * peer writes each payload from Go structs with Teranode 2026's field names and tags and wraps it in the bus envelope
 * with {@code encoding/json} ({@code messages2026.go}), as Teranode and the bus do: the server accepts each as it
 * accepts its own (Kafka with the Go author as {@code peer_id}, operators' announcement, node_status into the peer's
 * height and status, the data GetPeers reads). What the server publishes unwraps and unmarshals in Go with every
 * field as sent and is byte for byte what {@code encoding/json} writes for it. A payload naming another peer, and
 * envelopes Go's bus refuses, cost the signed Go author {@code protocol_violation}, never the Java peer that relayed
 * them, and the server keeps serving.
 */
@Tag("interop")
class GoTeranode2026MessagesInteropTest {
    private static final long WAIT = ServerNode2026.DEADLINE.toSeconds();
    private static final Duration CALL = ServerNode2026.DEADLINE;
    private static final String GO_NAME = "go-teranode";
    private static final String GO_DATA_HUB = "http://go.test:8090/api/v1";
    /** The Go peer's 2026 message type (its README) of each topic. */
    private static final Map<String, String> GO_TYPES = Map.of(
            ServerNode2026.TOPICS.block(), "block2026",
            ServerNode2026.TOPICS.subtree(), "subtree2026",
            ServerNode2026.TOPICS.rejectedTx(), "rejectedTx2026",
            ServerNode2026.TOPICS.nodeStatus(), "nodeStatus2026");

    @TempDir
    Path dir;
    /** Servers and peers, closed after each test in reverse order; the test skipped without Go. */
    @RegisterExtension
    final InteropResources closeables = InteropResources.go();

    private ServerNode2026 server(String name, UnaryOperator<Settings2026> customise) throws Exception {
        ServerNode2026 node = new ServerNode2026(name, dir, FakeChain.header(0, 0), customise);
        closeables.closeAfter(node);
        return node;
    }

    /** A Go peer as the bus configures it, subscribed to the four topics, unwrapping and decoding each message. */
    private GoPeer goPeer() throws Exception {
        GoPeer go = GoPeer.start2026(GoPeer.config("dht", false, "bus2026",
                Map.of("protocolVersion", "/teranode/bitcoin/regtest/1.0.0", "allowPrivateIPs", true)));
        closeables.closeAfter(go);
        for (String topic : ServerNode2026.TOPICS.all()) {
            go.call(CALL, "cmd", "subscribe", "topic", topic, "teranodeType", GO_TYPES.get(topic), "envelope", true);
        }
        return go;
    }

    /** The Go peer dials {@code server}; returns once each has the other in its mesh of every 2026 topic. */
    private static PeerId connect(GoPeer go, ServerNode2026 server) throws Exception {
        go.call(CALL, "cmd", "dial", "addr",
                server.node.listenAddresses().get(0).withPeerId(server.id().toBytes()).toString());
        PeerId goId = PeerId.parse(go.peerId());
        for (String topic : ServerNode2026.TOPICS.all()) {
            await("the server and the Go peer meshed on " + topic,
                    () -> server.gossipsub.router().meshPeers(topic).join().contains(goId)
                            && goMesh(go, topic).contains(server.id().toBase58()));
        }
        return goId;
    }

    private static List<?> goMesh(GoPeer go, String topic) {
        try {
            return (List<?>) go.call(CALL, "cmd", "mesh", "topic", topic).get("peers");
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

    /** Go marshals its 2026 struct for {@code topic} with {@code fields}, wraps it in the bus envelope, publishes. */
    private static void goPublishes(GoPeer go, String topic, Map<String, Object> fields) throws Exception {
        go.call(CALL, "cmd", "publish", "topic", topic, "envelope", GO_NAME,
                "teranode", Map.of("type", GO_TYPES.get(topic), "fields", fields));
    }

    /** Go publishes {@code payload} as it is, in the envelope when {@code envelope} is true. */
    private static void goPublishesRaw(GoPeer go, String topic, byte[] payload, boolean envelope) throws Exception {
        String data = Base64.getEncoder().encodeToString(payload);
        if (envelope) {
            go.call(CALL, "cmd", "publish", "topic", topic, "dataB64", data, "envelope", GO_NAME);
        } else {
            go.call(CALL, "cmd", "publish", "topic", topic, "dataB64", data);
        }
    }

    /** Waits for the Go peer's delivery of a message on {@code topic} authored by {@code author}. */
    private static Map<String, Object> goReceived(GoPeer go, String topic, PeerId author) throws Exception {
        return go.awaitEvent(e -> "message".equals(e.get("event")) && topic.equals(e.get("topic"))
                && author.toBase58().equals(e.get("from")), CALL);
    }

    /**
     * Checks a message Go received from the server: the bus envelope unwraps in Go, named {@code name}, and is byte
     * for byte what {@code encoding/json} writes for it; the payload unmarshals into Go's struct {@code type} with
     * {@code expected} (Go field name to value as the Go peer reports it; only the named fields are compared), and
     * re-marshalling every field Go read gives the payload's bytes exactly. Returns every field Go read.
     */
    private static Map<?, ?> assertGoReads(GoPeer go, Map<String, Object> event, String type, String name,
                                           Map<String, Object> expected) throws Exception {
        assertNull(event.get("envelopeError"), () -> "Go could not unwrap " + event);
        assertNull(event.get("teranodeError"), () -> "Go could not unmarshal " + event);
        assertEquals(name, event.get("envelopeName"));
        byte[] wire = Base64.getDecoder().decode((String) event.get("dataB64"));
        byte[] payload = Base64.getDecoder().decode((String) event.get("payloadB64"));
        assertEquals("{\"name\":\"" + name + "\",\"data\":\"" + Base64.getEncoder().encodeToString(payload) + "\"}",
                new String(wire, StandardCharsets.UTF_8), "the envelope as encoding/json writes the bus's struct");
        Map<?, ?> read = (Map<?, ?>) event.get("teranode");
        for (Map.Entry<String, Object> field : expected.entrySet()) {
            assertEquals(field.getValue(), read.get(field.getKey()), () -> type + "." + field.getKey() + " in " + read);
        }
        Map<String, Object> reply = go.call(CALL, "cmd", "marshal", "type", type, "fields", read);
        assertEquals(new String(payload, StandardCharsets.UTF_8), reply.get("text"),
                "byte for byte what encoding/json writes for Go's struct");
        return read;
    }

    @Test
    void everyMessageGoWritesIsAcceptedAsTheServerAcceptsItsOwn() throws Exception {
        ServerNode2026 server = server("server", s -> s);
        GoPeer go = goPeer();
        PeerId goId = connect(go, server);
        String goPeerId = goId.toBase58();
        BlockingQueue<byte[]> kafkaBlocks = server.consume("blocks");
        BlockingQueue<byte[]> kafkaSubtrees = server.consume("subtrees");

        BlockHeaderInfo block = FakeChain.header(41, 812_000);
        String header = NodeStatusPublisher.headerHex(block);
        goPublishes(go, ServerNode2026.TOPICS.block(), fields("PeerID", goPeerId, "ClientName", GO_NAME,
                "DataHubURL", GO_DATA_HUB, "Hash", block.hash().toDisplayHex(), "Height", 812_000,
                "Header", header, "Coinbase", ""));
        KafkaBlockTopicMessage kafkaBlock = KafkaBlockTopicMessage.parseFrom(poll(kafkaBlocks, "blocks"));
        assertEquals(block.hash().toDisplayHex(), kafkaBlock.getHash());
        assertEquals(GO_DATA_HUB, kafkaBlock.getURL());
        assertEquals(goPeerId, kafkaBlock.getPeerId(), "the Go author is the Kafka message's peer_id");
        assertEquals(new Announcement(Announcement.BLOCK, block.hash().toDisplayHex(), GO_DATA_HUB, goPeerId, "", 0,
                812_000, 0, ""), server.announcements.poll(WAIT, TimeUnit.SECONDS));

        String subtreeHash = FakeChain.header(42, 0).hash().toDisplayHex();
        goPublishes(go, ServerNode2026.TOPICS.subtree(), fields("PeerID", goPeerId, "ClientName", GO_NAME,
                "DataHubURL", GO_DATA_HUB, "Hash", subtreeHash));
        KafkaSubtreeTopicMessage kafkaSubtree = KafkaSubtreeTopicMessage.parseFrom(poll(kafkaSubtrees, "subtrees"));
        assertEquals(subtreeHash, kafkaSubtree.getHash());
        assertEquals(GO_DATA_HUB, kafkaSubtree.getURL());
        assertEquals(goPeerId, kafkaSubtree.getPeerId());
        assertEquals(new Announcement(Announcement.SUBTREE, subtreeHash, GO_DATA_HUB, goPeerId, "", 0, 0, 0, ""),
                server.announcements.poll(WAIT, TimeUnit.SECONDS));

        // Every node_status field Go can write, the optional ones set, a float uptime, both fee pointers.
        String bestHash = FakeChain.header(43, 812_345).hash().toDisplayHex();
        goPublishes(go, ServerNode2026.TOPICS.nodeStatus(), fields("PeerID", goPeerId, "ClientName", GO_NAME,
                "Type", "node_status", "BaseURL", GO_DATA_HUB, "PropagationURL", "http://go.test:8091",
                "Version", "v0.13.2", "CommitHash", "abc123", "BestBlockHash", bestHash, "BestHeight", 812_345,
                "TxCount", 1_000_000, "SubtreeCount", 12, "FSMState", "RUNNING", "StartTime", 1_790_000_000,
                "Uptime", "3600.25", "MinerName", "go-miner", "ListenMode", "full", "ChainWork", "00ff",
                "SyncPeerID", goPeerId, "SyncPeerHeight", 812_340, "SyncPeerBlockHash", bestHash,
                "SyncConnectedAt", 1_790_000_100, "MinMiningTxFee", "0.0000005",
                "FeePolicy", Map.of("miningFee", Map.of("satoshis", 50, "bytes", 1000), "maxscriptsizepolicy", 500_000,
                        "maxtxsizepolicy", 10_000_000, "maxtxsigopscountspolicy", 4_000),
                "ConnectedPeersCount", 7, "Storage", "full"));
        await("the Go peer's node_status height in the server's peer heights (GetPeers' height)",
                () -> server.server.peerHeights().get(goId).map(h -> h.current() == 812_345).orElse(false));
        PeerStatuses.Status status = server.server.peerStatuses().get(goId).orElseThrow();
        assertEquals(new PeerStatuses.Status(812_345, bestHash, GO_DATA_HUB, "full", GO_NAME, "full"), status);
        await("operators get the Go peer's node_status",
                () -> server.statuses.stream().anyMatch(s -> s.peerId().equals(goPeerId)));
        NodeStatusMessage seen = server.statuses.stream().filter(s -> s.peerId().equals(goPeerId)).findFirst()
                .orElseThrow();
        assertEquals(new NodeStatusMessage(goPeerId, GO_NAME, "node_status", GO_DATA_HUB, "http://go.test:8091",
                "v0.13.2", "abc123", bestHash, 812_345, 1_000_000, 12, "RUNNING", 1_790_000_000, 3600.25, "go-miner",
                "full", "00ff", goPeerId, 812_340, bestHash, 1_790_000_100, OptionalDouble.of(0.0000005),
                Optional.of(new FeePolicy(50, 1000, 500_000, 10_000_000, 4_000)), 7, "full"), seen,
                "operators (the WebSocket) get every field Go wrote");

        String txId = FakeChain.header(44, 0).hash().toDisplayHex();
        goPublishes(go, ServerNode2026.TOPICS.rejectedTx(), fields("PeerID", goPeerId, "ClientName", GO_NAME,
                "TxID", txId, "Reason", "double spend & <more>"));
        await("the Go peer's rejected-tx accepted as information",
                () -> server.server.counters().topic(ServerNode2026.TOPICS.rejectedTx()).accepted() == 1);

        for (String topic : ServerNode2026.TOPICS.all()) {
            assertEquals(0, server.server.counters().topic(topic).malformed(), topic);
        }
        assertEquals(0, server.score(goId));
        assertNull(kafkaBlocks.poll(), "one Kafka blocks message");
        assertNull(kafkaSubtrees.poll(), "one Kafka subtrees message");
    }

    @Test
    void everyMessageTheServerSendsUnwrapsAndUnmarshalsInGoWithEveryFieldAsSent() throws Exception {
        ServerNode2026 server = server("server", s -> s.withStatusInterval(Duration.ofMillis(300)));
        GoPeer go = goPeer();
        connect(go, server);
        PeerId self = server.id();
        String name = "java-server";

        BlockHeaderInfo header = FakeChain.header(7, 812_000);
        String chainWork = "00".repeat(20) + "0123456789abcdef01234567";
        BlockHeaderInfo mined = new BlockHeaderInfo(header.header(), header.height(), header.txCount(),
                header.sizeInBytes(), header.miner(), java.util.HexFormat.of().parseHex(chainWork));
        server.chain.setBest(mined);
        server.chain.fire(ChainNotification.Type.BLOCK, mined.hash());
        assertGoReads(go, goReceived(go, ServerNode2026.TOPICS.block(), self), "block2026", name, fields(
                "PeerID", self.toBase58(), "ClientName", name, "DataHubURL", server.dataHubUrl,
                "Hash", mined.hash().toDisplayHex(), "Height", "812000",
                "Header", NodeStatusPublisher.headerHex(mined), "Coinbase", ""));

        BlockHash subtreeHash = FakeChain.header(21, 0).hash();
        server.chain.fire(ChainNotification.Type.SUBTREE, subtreeHash);
        assertGoReads(go, goReceived(go, ServerNode2026.TOPICS.subtree(), self), "subtree2026", name, fields(
                "PeerID", self.toBase58(), "ClientName", name, "DataHubURL", server.dataHubUrl,
                "Hash", subtreeHash.toDisplayHex()));

        // The node_status after that block: Go reads the best block, and the omitted fields stay Go's zero values.
        Map<String, Object> status = go.awaitEvent(e -> "message".equals(e.get("event"))
                && ServerNode2026.TOPICS.nodeStatus().equals(e.get("topic")) && self.toBase58().equals(e.get("from"))
                && e.get("teranode") instanceof Map<?, ?> read && "812000".equals(read.get("BestHeight")), CALL);
        assertGoReads(go, status, "nodeStatus2026", name, fields("PeerID", self.toBase58(), "ClientName", name,
                "Type", "node_status", "BaseURL", server.dataHubUrl, "Version", "test", "CommitHash", "c0ffee",
                "BestBlockHash", mined.hash().toDisplayHex(), "BestHeight", "812000", "ListenMode", "full",
                "ChainWork", chainWork,
                "MinMiningTxFee", "null", "FeePolicy", "null"));

        server.kafka.consumer(ServerNode.url("memory://rejectedtx"), "p2p", server.server.rejectedTxHandler(),
                new p2p.kafka.KafkaStats()).start();
        String txId = FakeChain.header(23, 0).hash().toDisplayHex();
        server.produce("rejectedtx", KafkaRejectedTxTopicMessage.newBuilder().setTxHash(txId)
                .setReason("double spend & <more>").build().toByteArray());
        assertGoReads(go, goReceived(go, ServerNode2026.TOPICS.rejectedTx(), self), "rejectedTx2026", name, fields(
                "PeerID", self.toBase58(), "ClientName", name, "TxID", txId, "Reason", "double spend & <more>"));
    }

    /**
     * Spec 1.5's author check against Go: a payload naming another peer costs its signed Go author
     * {@code protocol_violation} on the server it reached and on the server a Java peer relayed it to; the relayer
     * pays nothing, and a valid message of the Go peer still travels the same way.
     */
    @Test
    void aSpoofedPeerIdFromGoCostsTheGoAuthorOnEveryServerAndNeverTheJavaRelayer() throws Exception {
        ServerNode2026 a = server("a", s -> s);
        ServerNode2026 b = server("b", s -> s);
        a.connectAndMeet(b);
        for (String topic : ServerNode2026.TOPICS.all()) {
            // A message sent before a and b mesh never reaches b: gossip skips the peer grafted next.
            await("a and b meshed on " + topic, () -> a.gossipsub.router().meshPeers(topic).join().contains(b.id())
                    && b.gossipsub.router().meshPeers(topic).join().contains(a.id()));
        }
        GoPeer go = goPeer();
        PeerId goId = connect(go, a);
        assertTrue(b.node.peer(goId).isEmpty(), "b has no connection to the Go peer");
        BlockingQueue<byte[]> bBlocks = b.consume("blocks");

        BlockHeaderInfo block = FakeChain.header(52, 900);
        goPublishes(go, ServerNode2026.TOPICS.block(), fields("PeerID", goId.toBase58(), "ClientName", GO_NAME,
                "DataHubURL", GO_DATA_HUB, "Hash", block.hash().toDisplayHex(), "Height", 900,
                "Header", NodeStatusPublisher.headerHex(block), "Coinbase", ""));
        KafkaBlockTopicMessage relayed = KafkaBlockTopicMessage.parseFrom(poll(bBlocks, "b's blocks"));
        assertEquals(goId.toBase58(), relayed.getPeerId(), "the author, not the relayer a, is the peer_id");
        assertEquals(0, b.score(goId));

        String spoofedHash = FakeChain.header(51, 0).hash().toDisplayHex();
        goPublishes(go, ServerNode2026.TOPICS.subtree(), fields("PeerID", b.id().toBase58(), "ClientName", GO_NAME,
                "DataHubURL", GO_DATA_HUB, "Hash", spoofedHash));
        await("a scores the Go author +20 for claiming b's peer id", () -> a.score(goId) == 20);
        await("b scores the Go author +20, relayed by a", () -> b.score(goId) == 20);
        assertEquals(1, a.server.counters().topic(ServerNode2026.TOPICS.subtree()).malformed());
        assertEquals(1, b.server.counters().topic(ServerNode2026.TOPICS.subtree()).malformed());

        assertEquals(0, b.score(a.id()), "the relayer a is never scored");
    }

    /** Envelopes and payloads Go's bus or Teranode refuse cost the Go author, and the server keeps serving it. */
    @Test
    void malformedEnvelopesAndPayloadsFromGoCostTheGoAuthorAndTheServerKeepsServing() throws Exception {
        ServerNode2026 server = server("server", s -> s);
        GoPeer go = goPeer();
        PeerId goId = connect(go, server);
        String topic = ServerNode2026.TOPICS.block();
        BlockingQueue<byte[]> kafkaBlocks = server.consume("blocks");

        byte[] notJson = "not json".getBytes(StandardCharsets.US_ASCII);
        byte[] unpadded = "{\"name\":\"go\",\"data\":\"YQ\"}".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : List.of(notJson, unpadded)) {
            Map<String, Object> reply = go.call(CALL, "cmd", "envelope", "dataB64",
                    Base64.getEncoder().encodeToString(bad));
            assertNotNull(reply.get("envelopeError"), () -> "Go's bus unwraps " + new String(bad,
                    StandardCharsets.US_ASCII));
        }
        goPublishesRaw(go, topic, notJson, false);
        await("no envelope: +20", () -> server.score(goId) == 20);
        goPublishesRaw(go, topic, unpadded, false);
        await("unpadded base64, which Go's bus refuses: +20", () -> server.score(goId) == 40);
        Map<String, Object> goRead = go.call(CALL, "cmd", "unmarshal", "type", "block2026", "dataB64",
                Base64.getEncoder().encodeToString(notJson));
        assertNotNull(goRead.get("unmarshalError"), "Go's encoding/json reads 'not json'");
        goPublishesRaw(go, topic, notJson, true);
        await("an envelope whose payload is no JSON: +20", () -> server.score(goId) == 60);
        goPublishesRaw(go, topic, new byte[33 * 1024], true);
        await("a 33 KiB block payload over the 32 KiB cap: +20", () -> server.score(goId) == 80);
        assertEquals(4, server.server.counters().topic(topic).malformed());
        assertNull(kafkaBlocks.poll());

        BlockHeaderInfo block = FakeChain.header(61, 17);
        goPublishes(go, topic, fields("PeerID", goId.toBase58(), "ClientName", GO_NAME, "DataHubURL", GO_DATA_HUB,
                "Hash", block.hash().toDisplayHex(), "Height", 17, "Header", NodeStatusPublisher.headerHex(block),
                "Coinbase", ""));
        assertEquals(block.hash().toDisplayHex(),
                KafkaBlockTopicMessage.parseFrom(poll(kafkaBlocks, "blocks")).getHash());
        assertEquals(80, server.score(goId), "a valid message costs nothing");
        assertTrue(server.node.isConnected(goId), "the server dropped the Go peer");
    }

    private static byte[] poll(BlockingQueue<byte[]> queue, String what) throws InterruptedException {
        byte[] value = queue.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value, "no Kafka message on " + what);
        return value;
    }
}
