package p2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2p.server.ServerNode.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
import p2p.node.crypto.PeerId;
import p2p.testkit.InteropResources;
import p2p.testkit.js.JsGossipPeer;

/**
 * The Teranode topic messages (spec section 3) between a whole Java server and a js-libp2p peer (the harness's
 * {@code gossip-peer.mjs}: js-libp2p with {@code @libp2p/gossipsub}, pinned, StrictSign, over TCP, pnet with
 * Teranode's key, Noise and yamux; it also serves and sends the direct stream {@code teranode/bitcoin/1.0.0}).
 * A block message written by js's {@code JSON.stringify} is handled exactly like a Java peer's; messages Go's
 * decoder accepts in other spellings reach Kafka and operators with no score; everything the Java server sends
 * parses with js's {@code JSON.parse} into exactly Go's key list; malformed JSON from js costs the js peer
 * {@code protocol_violation} without disturbing the server.
 */
@Tag("interop")
class TeranodeMessagesInteropTest {
    private static final long WAIT = ServerNode.DEADLINE.toSeconds();
    private static final String JS_DATA_HUB = "http://js.test:9906";
    /** Go's key lists, in its struct field order, which is the order encoding/json writes them. */
    private static final List<String> HANDSHAKE_KEYS = List.of("type", "peerID", "bestHeight", "bestHash",
            "dataHubURL", "userAgent", "services");
    private static final List<String> BLOCK_KEYS = List.of("Hash", "Height", "DataHubURL", "PeerID");
    private static final List<String> SUBTREE_KEYS = List.of("Hash", "DataHubURL", "PeerID");
    private static final List<String> MINING_ON_KEYS = List.of("Hash", "PreviousHash", "DataHubURL", "PeerID",
            "Height", "Miner", "SizeInBytes", "TxCount");
    private static final List<String> REJECTED_TX_KEYS = List.of("TxID", "Reason", "PeerID");

    @TempDir
    Path dir;
    /** Servers and peers, closed after each test in reverse order; the test skipped without node. */
    @RegisterExtension
    final InteropResources closeables = InteropResources.js();

    private ServerNode server(String name, BlockHeaderInfo best) throws Exception {
        ServerNode node = new ServerNode(name, dir, best);
        closeables.closeAfter(node);
        return node;
    }

    /**
     * A js peer with Teranode's key, subscribed to the five topics with js's own parse of every message, serving the
     * direct stream.
     */
    private JsGossipPeer jsPeer() throws Exception {
        JsGossipPeer js = JsGossipPeer.start(jsConfig());
        closeables.closeAfter(js);
        for (String topic : ServerNode.TOPICS.all()) {
            js.call(ServerNode.DEADLINE, "cmd", "subscribe", "topic", topic, "json", true);
        }
        return js;
    }

    /** gossip-peer.mjs's config: Teranode's private network, the direct stream served. */
    static Map<String, Object> jsConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("psk", ServerNode.PSK_HEX);
        config.put("streamProtocols", List.of(p2p.server.stream.HandshakeStream.PROTOCOL_ID));
        return config;
    }

    /** The js peer dials {@code server}; returns once each sees the other on every topic the server subscribes. */
    private static PeerId connect(JsGossipPeer js, ServerNode server) throws Exception {
        js.call(ServerNode.DEADLINE, "cmd", "dial", "addr",
                server.node.listenAddresses().get(0).withPeerId(server.id().toBytes()).toString());
        PeerId jsId = PeerId.parse(js.peerId());
        for (String topic : ServerNode.SUBSCRIBED) {
            await("the server and the js peer see each other on " + topic,
                    () -> server.gossipsub.router().topicPeers(topic).join().contains(jsId)
                            && jsSubscribers(js, topic).contains(server.id().toBase58()));
        }
        return jsId;
    }

    /** Two Java servers connected and at the same height, each seeing the other on every topic (as P2PServerTest). */
    private static void connect(ServerNode from, ServerNode to) throws Exception {
        from.connectAndMeet(to);
        await("both know the other's height from the handshake", () -> from.server.peerHeights().get(to.id())
                .isPresent() && to.server.peerHeights().get(from.id()).isPresent());
    }

    private static List<?> jsSubscribers(JsGossipPeer js, String topic) {
        try {
            return (List<?>) js.call(ServerNode.DEADLINE, "cmd", "subscribers", "topic", topic).get("peers");
        } catch (Exception e) {
            throw new IllegalStateException("the js peer did not list its subscribers", e);
        }
    }

    /** A block message as Teranode's Go BlockMessage marshals it, for js to stringify. */
    private static Map<String, Object> blockJson(String hash, long height, String dataHubUrl, String peerId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Hash", hash);
        json.put("Height", height);
        json.put("DataHubURL", dataHubUrl);
        json.put("PeerID", peerId);
        return json;
    }

    /** Waits for the js peer's event of a message on {@code topic} authored by {@code author}. */
    private static Map<String, Object> jsReceived(JsGossipPeer js, String topic, PeerId author) throws Exception {
        return js.awaitEvent(e -> "message".equals(e.get("event")) && topic.equals(e.get("topic"))
                && author.toBase58().equals(e.get("from")), ServerNode.DEADLINE);
    }

    /** What js's JSON.parse made of a received message, after checking Object.keys gave exactly {@code keys}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parsedWithKeys(Map<String, Object> event, List<String> keys) {
        assertNull(event.get("jsonError"), () -> "js could not parse " + event);
        assertEquals(keys, event.get("jsonKeys"), () -> "keys of " + event);
        return (Map<String, Object>) event.get("json");
    }

    private static long number(Map<String, Object> json, String key) {
        Object value = json.get(key);
        assertTrue(value instanceof Number, () -> key + " is not a JSON number in " + json);
        return ((Number) value).longValue();
    }

    /**
     * The block topic handler's whole effect on {@code server} (spec section 3.4): a Kafka blocks message with the
     * hash and URL and the operators' announcement (block announcements move no peer height).
     */
    private static void assertBlockHandled(ServerNode server, BlockingQueue<byte[]> kafkaBlocks, String hash,
                                           long height, String dataHubUrl, String peerId) throws Exception {
        byte[] value = kafkaBlocks.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value, "no Kafka blocks message for " + hash);
        KafkaBlockTopicMessage message = KafkaBlockTopicMessage.parseFrom(value);
        assertEquals(hash, message.getHash());
        assertEquals(dataHubUrl, message.getURL());
        assertEquals(new Announcement(Announcement.BLOCK, hash, dataHubUrl, peerId, "", 0, height, 0, ""),
                server.announcements.poll(WAIT, TimeUnit.SECONDS));
    }

    @Test
    void blockWrittenByJsIsHandledExactlyLikeAJavaPeersBlock() throws Exception {
        BlockHeaderInfo genesis = FakeChain.header(0, 0);
        ServerNode server = server("server", genesis);
        ServerNode javaPeer = server("java", genesis);
        connect(javaPeer, server);
        JsGossipPeer js = jsPeer();
        PeerId jsId = connect(js, server);
        BlockingQueue<byte[]> kafkaBlocks = server.consume("blocks");

        String jsHash = FakeChain.header(41, 812_000).hash().toDisplayHex();
        js.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.block(),
                "json", blockJson(jsHash, 812_000, JS_DATA_HUB, jsId.toBase58()));
        assertBlockHandled(server, kafkaBlocks, jsHash, 812_000, JS_DATA_HUB, jsId.toBase58());

        // The same message from the Java peer, written by its own server (known to its chain, not its best, so no
        // handshake of the Java peer can claim it is ahead and produce a catch-up message of the same content).
        BlockHeaderInfo javaBlock = FakeChain.header(42, 812_001);
        javaPeer.chain.add(javaBlock);
        javaPeer.chain.fire(ChainNotification.Type.BLOCK, javaBlock.hash());
        assertBlockHandled(server, kafkaBlocks, javaBlock.hash().toDisplayHex(), 812_001, javaPeer.dataHubUrl,
                javaPeer.id().toBase58());

        ServerCounters.TopicCounts blocks = server.server.counters().topic(ServerNode.TOPICS.block());
        assertEquals(2, blocks.accepted());
        assertEquals(0, blocks.malformed());
        assertEquals(0, server.score(jsId));
        assertEquals(0, server.score(javaPeer.id()));
    }

    /**
     * Issue 12: the spellings Go's decoder accepts (keys in any case, missing keys, unknown keys holding objects or
     * arrays, hashes shorter than 64 digits, any handshake type spelling) on every subscribed topic reach Kafka, the
     * operators and the peer heights, and nobody is scored.
     */
    @Test
    @SuppressWarnings("unchecked")
    void goValidVariantsFromJsOfEveryTopicAreHandledWithoutAnyScore() throws Exception {
        ServerNode server = server("server", FakeChain.header(0, 0));
        JsGossipPeer js = jsPeer();
        PeerId jsId = connect(js, server);
        BlockingQueue<byte[]> kafkaBlocks = server.consume("blocks");
        BlockingQueue<byte[]> kafkaSubtrees = server.consume("subtrees");

        Map<String, Object> block = new LinkedHashMap<>();
        block.put("hash", "abc");
        block.put("height", 5);
        block.put("datahuburl", JS_DATA_HUB);
        block.put("Header", Map.of("version", 1, "bits", List.of(1, 2)));
        js.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.block(), "json", block);
        KafkaBlockTopicMessage kafkaBlock = KafkaBlockTopicMessage.parseFrom(kafkaBlocks.poll(WAIT, TimeUnit.SECONDS));
        assertEquals("0".repeat(61) + "abc", kafkaBlock.getHash());
        assertEquals(JS_DATA_HUB, kafkaBlock.getURL());
        assertEquals(new Announcement(Announcement.BLOCK, "abc", JS_DATA_HUB, "", "", 0, 5, 0, ""),
                server.announcements.poll(WAIT, TimeUnit.SECONDS));

        Map<String, Object> subtree = new LinkedHashMap<>();
        subtree.put("HASH", "DEF");
        subtree.put("DataHubUrl", JS_DATA_HUB);
        subtree.put("peerid", jsId.toBase58());
        subtree.put("later", List.of(Map.of("a", List.of())));
        js.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.subtree(), "json", subtree);
        assertEquals("0".repeat(61) + "def", p2p.kafka.message.KafkaSubtreeTopicMessage.parseFrom(
                kafkaSubtrees.poll(WAIT, TimeUnit.SECONDS)).getHash());
        assertEquals(new Announcement(Announcement.SUBTREE, "DEF", JS_DATA_HUB, jsId.toBase58(), "", 0, 0, 0, ""),
                server.announcements.poll(WAIT, TimeUnit.SECONDS));

        Map<String, Object> miningOn = new LinkedHashMap<>();
        miningOn.put("hash", "h1");
        miningOn.put("previousHash", "h0");
        miningOn.put("peerID", jsId.toBase58());
        miningOn.put("height", 77);
        miningOn.put("miner", "js miner");
        miningOn.put("sizeinbytes", 1);
        miningOn.put("TXCOUNT", 2);
        miningOn.put("Unknown", null);
        js.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.miningOn(), "json", miningOn);
        assertEquals(new Announcement(Announcement.MINING_ON, "h1", "", jsId.toBase58(), "h0", 2, 77, 1, "js miner"),
                server.announcements.poll(WAIT, TimeUnit.SECONDS));
        await("the mining-on height recorded", () -> server.server.peerHeights().get(jsId)
                .map(h -> h.current() == 77).orElse(false));

        Map<String, Object> version = new LinkedHashMap<>();
        version.put("Type", "version");
        version.put("PeerId", jsId.toBase58());
        version.put("BestHeight", 900);
        version.put("BestHash", "ff");
        version.put("DataHubUrl", JS_DATA_HUB);
        version.put("topicPrefix", "bitcoin/regtest");
        js.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.handshake(), "json", version);
        // The type is matched exactly as Go does ("version"), so this one is answered; the verack goes to its author.
        Map<String, Object> verack = js.awaitEvent(e -> "stream".equals(e.get("event"))
                && "verack".equals(((Map<String, Object>) e.getOrDefault("json", Map.of())).get("type")),
                ServerNode.DEADLINE);
        assertEquals(server.id().toBase58(), verack.get("from"));
        KafkaBlockTopicMessage catchUp = KafkaBlockTopicMessage.parseFrom(kafkaBlocks.poll(WAIT, TimeUnit.SECONDS));
        assertEquals("0".repeat(62) + "ff", catchUp.getHash());
        assertEquals(JS_DATA_HUB, catchUp.getURL());
        await("the handshake height recorded", () -> server.server.peerHeights().get(jsId)
                .map(h -> h.current() == 900).orElse(false));

        for (String topic : ServerNode.SUBSCRIBED) {
            ServerCounters.TopicCounts counts = server.server.counters().topic(topic);
            assertEquals(0, counts.malformed(), topic);
            assertEquals(1, counts.accepted(), topic);
        }
        assertEquals(0, server.score(jsId));
    }

    @Test
    void everyMessageTheJavaServerPublishesParsesInJsWithExactlyGosKeys() throws Exception {
        BlockHeaderInfo best = FakeChain.header(5, 700);
        ServerNode server = server("server", best);
        JsGossipPeer js = jsPeer();
        connect(js, server);
        PeerId self = server.id();

        // The version the server sends a peer that connects, on the direct stream.
        Map<String, Object> version = parsedWithKeys(js.awaitEvent(e -> "stream".equals(e.get("event"))
                && self.toBase58().equals(e.get("from")), ServerNode.DEADLINE), HANDSHAKE_KEYS);
        assertEquals("version", version.get("type"));
        assertEquals(self.toBase58(), version.get("peerID"));
        assertEquals(700, number(version, "bestHeight"));
        assertEquals(best.hash().toDisplayHex(), version.get("bestHash"));
        assertEquals(server.dataHubUrl, version.get("dataHubURL"));
        assertEquals("teranode/bitcoin/1.0.0", version.get("userAgent"));
        assertEquals(0, number(version, "services"));

        BlockHeaderInfo mined = FakeChain.header(7, 812_000);
        server.chain.setBest(mined);
        server.chain.fire(ChainNotification.Type.BLOCK, mined.hash());
        Map<String, Object> block = parsedWithKeys(jsReceived(js, ServerNode.TOPICS.block(), self), BLOCK_KEYS);
        assertEquals(mined.hash().toDisplayHex(), block.get("Hash"));
        assertEquals(812_000, number(block, "Height"));
        assertEquals(server.dataHubUrl, block.get("DataHubURL"));
        assertEquals(self.toBase58(), block.get("PeerID"));

        BlockHash subtreeHash = FakeChain.header(21, 0).hash();
        server.chain.fire(ChainNotification.Type.SUBTREE, subtreeHash);
        Map<String, Object> subtree = parsedWithKeys(jsReceived(js, ServerNode.TOPICS.subtree(), self),
                SUBTREE_KEYS);
        assertEquals(subtreeHash.toDisplayHex(), subtree.get("Hash"));
        assertEquals(server.dataHubUrl, subtree.get("DataHubURL"));
        assertEquals(self.toBase58(), subtree.get("PeerID"));

        BlockHeaderInfo tip = FakeChain.header(22, 900);
        server.chain.setBest(tip);
        server.chain.fire(ChainNotification.Type.MINING_ON, tip.hash());
        Map<String, Object> miningOn = parsedWithKeys(jsReceived(js, ServerNode.TOPICS.miningOn(), self),
                MINING_ON_KEYS);
        assertEquals(tip.hash().toDisplayHex(), miningOn.get("Hash"));
        assertEquals(tip.previousHash().toDisplayHex(), miningOn.get("PreviousHash"));
        assertEquals(server.dataHubUrl, miningOn.get("DataHubURL"));
        assertEquals(self.toBase58(), miningOn.get("PeerID"));
        assertEquals(900, number(miningOn, "Height"));
        assertEquals("test-miner/22", miningOn.get("Miner"));
        assertEquals(567_890, number(miningOn, "SizeInBytes"));
        assertEquals(1234, number(miningOn, "TxCount"));

        server.kafka.consumer(ServerNode.url("memory://rejectedtx"), "p2p", server.server.rejectedTxHandler(),
                new KafkaStats()).start();
        String txId = FakeChain.header(23, 0).hash().toDisplayHex();
        server.produce("rejectedtx", KafkaRejectedTxTopicMessage.newBuilder().setTxHash(txId)
                .setReason("double spend").build().toByteArray());
        Map<String, Object> rejected = parsedWithKeys(jsReceived(js, ServerNode.TOPICS.rejectedTx(), self),
                REJECTED_TX_KEYS);
        assertEquals(txId, rejected.get("TxID"));
        assertEquals("double spend", rejected.get("Reason"));
        assertEquals(self.toBase58(), rejected.get("PeerID"));
    }

    /** Go: TestHandleBlockTopic [bad JSON] (and, beyond Go, the author scored). */
    @Test
    void malformedJsonFromJsScoresItAndTheServerKeepsServingIt() throws Exception {
        ServerNode server = server("server", FakeChain.header(0, 0));
        JsGossipPeer js = jsPeer();
        PeerId jsId = connect(js, server);
        BlockingQueue<byte[]> kafkaBlocks = server.consume("blocks");
        ServerCounters.TopicCounts blocks = server.server.counters().topic(ServerNode.TOPICS.block());

        // Every key, but a number where Go's struct has a string; then text that is no JSON at all.
        Map<String, Object> numberHash = blockJson("0".repeat(64), 1, JS_DATA_HUB, jsId.toBase58());
        numberHash.put("Hash", 42);
        js.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.block(), "json", numberHash);
        js.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.block(),
                "dataHex", HexFormat.of().formatHex("{\"Hash\":\"".getBytes(StandardCharsets.UTF_8)));

        await("the server scored the js peer twice for a protocol violation", () -> server.score(jsId) == 40);
        assertEquals(2, blocks.malformed());
        assertEquals(0, blocks.accepted());
        assertNull(kafkaBlocks.poll());
        assertTrue(server.announcements.isEmpty());

        String hash = FakeChain.header(43, 17).hash().toDisplayHex();
        js.call(ServerNode.DEADLINE, "cmd", "publish", "topic", ServerNode.TOPICS.block(),
                "json", blockJson(hash, 17, JS_DATA_HUB, jsId.toBase58()));
        assertBlockHandled(server, kafkaBlocks, hash, 17, JS_DATA_HUB, jsId.toBase58());
        assertTrue(server.node.isConnected(jsId), "the server dropped the js peer");
        assertTrue(((List<?>) js.call(ServerNode.DEADLINE, "cmd", "peers").get("peers"))
                .contains(server.id().toBase58()), "the js peer lost the server");
    }
}
