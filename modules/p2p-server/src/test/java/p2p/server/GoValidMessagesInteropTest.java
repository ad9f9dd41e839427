package p2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static p2p.server.ServerNode.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaSubtreeTopicMessage;
import p2p.node.crypto.PeerId;
import p2p.testkit.InteropResources;
import p2p.testkit.go.GoPeer;

/**
 * Issue 12 against go-libp2p: a Go peer publishes raw JSON in the spellings Go's Teranode accepts (spec 3.2: keys
 * in any letter case or Unicode case folding, missing keys, {@code null}, duplicates where the last wins, unknown
 * keys holding nested values, short and empty hashes, Go's escapes, invalid UTF-8 and lone surrogates, a
 * top-level {@code null}) on every topic the server subscribes to; each reaches Kafka, the operators' announcement
 * sink (which feeds {@code /p2p-ws}) and the peer heights as spec 3.3-3.6 say, and nobody is scored. The expected
 * values are not written here: the Go peer unmarshals the same bytes into Teranode's structs with
 * {@code encoding/json}, and the server must have taken exactly those fields. Rejected-tx is left out: the server
 * only publishes it (spec 3.7), and GoTeranodeMessagesInteropTest shows it unmarshals in Go.
 */
@Tag("interop")
class GoValidMessagesInteropTest {
    private static final long WAIT = ServerNode.DEADLINE.toSeconds();

    @TempDir
    Path dir;
    /** Servers and peers, closed after each test in reverse order; the test skipped without Go. */
    @RegisterExtension
    final InteropResources closeables = InteropResources.go();
    private ServerNode server;
    private GoPeer go;
    private PeerId goId;
    private BlockingQueue<byte[]> kafkaBlocks;
    private BlockingQueue<byte[]> kafkaSubtrees;

    @BeforeEach
    void setUp() throws Exception {
        server = new ServerNode("server", dir, FakeChain.header(0, 0));
        closeables.closeAfter(server);
        go = GoPeer.start(GoPeer.config("psk", ServerNode.PSK_HEX, "dht", false));
        closeables.closeAfter(go);
        for (String topic : ServerNode.TOPICS.all()) {
            go.call(ServerNode.DEADLINE, "cmd", "subscribe", "topic", topic);
        }
        goId = GoTeranodeMessagesInteropTest.connect(go, server);
        kafkaBlocks = server.consume("blocks");
        kafkaSubtrees = server.consume("subtrees");
    }

    /** Bytes of UTF-8 text and raw bytes in order (a {@code byte[]} part goes in as is, so it may be invalid UTF-8). */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] raw ? raw : part.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Every field Go's {@code encoding/json} fills from {@code payload} into Teranode's struct {@code type}. */
    @SuppressWarnings("unchecked")
    private Map<String, String> goUnmarshals(String type, byte[] payload) throws Exception {
        Map<String, Object> reply = go.call(ServerNode.DEADLINE, "cmd", "unmarshal", "type", type,
                "dataB64", Base64.getEncoder().encodeToString(payload));
        assertNull(reply.get("unmarshalError"), () -> "Go refuses " + new String(payload, StandardCharsets.UTF_8)
                + ", so it is no Go-valid case");
        return (Map<String, String>) reply.get("fields");
    }

    /** The Go peer publishes {@code payload} as it is; returns what Go's Teranode struct of the topic takes from it. */
    private Map<String, String> goPublishes(String topic, byte[] payload) throws Exception {
        Map<String, String> fields = goUnmarshals(GoTeranodeMessagesInteropTest.GO_TYPES.get(topic), payload);
        go.call(ServerNode.DEADLINE, "cmd", "publish", "topic", topic,
                "dataB64", Base64.getEncoder().encodeToString(payload));
        return fields;
    }

    /** Teranode's re-emitted form of a hash Go's chainhash parses (spec 3.2): 64 lower-case digits, left-padded. */
    private static String canonical(String hash) {
        return "0".repeat(64 - hash.length()) + hash.toLowerCase(Locale.ROOT);
    }

    private void assertBlockTaken(Map<String, String> go) throws Exception {
        byte[] value = kafkaBlocks.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value, () -> "no Kafka blocks message for " + go);
        KafkaBlockTopicMessage kafka = KafkaBlockTopicMessage.parseFrom(value);
        assertEquals(canonical(go.get("Hash")), kafka.getHash());
        assertEquals(go.get("DataHubURL"), kafka.getURL());
        assertEquals(new Announcement(Announcement.BLOCK, go.get("Hash"), go.get("DataHubURL"), go.get("PeerID"),
                "", 0, Long.parseLong(go.get("Height")), 0, ""), server.announcements.poll(WAIT, TimeUnit.SECONDS));
    }

    private void assertSubtreeTaken(Map<String, String> go) throws Exception {
        byte[] value = kafkaSubtrees.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value, () -> "no Kafka subtrees message for " + go);
        KafkaSubtreeTopicMessage kafka = KafkaSubtreeTopicMessage.parseFrom(value);
        assertEquals(canonical(go.get("Hash")), kafka.getHash());
        assertEquals(go.get("DataHubURL"), kafka.getURL());
        assertEquals(new Announcement(Announcement.SUBTREE, go.get("Hash"), go.get("DataHubURL"), go.get("PeerID"),
                "", 0, 0, 0, ""), server.announcements.poll(WAIT, TimeUnit.SECONDS));
    }

    private void assertMiningOnTaken(Map<String, String> go) throws Exception {
        assertEquals(new Announcement(Announcement.MINING_ON, go.get("Hash"), go.get("DataHubURL"), go.get("PeerID"),
                go.get("PreviousHash"), Long.parseUnsignedLong(go.get("TxCount")), Long.parseLong(go.get("Height")),
                Long.parseUnsignedLong(go.get("SizeInBytes")), go.get("Miner")),
                server.announcements.poll(WAIT, TimeUnit.SECONDS));
        awaitHeight(go.get("PeerID"), go.get("Height"));
    }

    /** The height recorded for the claimed peer id, when it decodes as one (spec 3.3 step 3, 3.6). */
    private void awaitHeight(String claimedPeerId, String height) throws InterruptedException {
        Optional<PeerId> peer = TopicHandlers.peerId(claimedPeerId);
        if (peer.isPresent()) {
            await("height " + height + " recorded for " + claimedPeerId, () -> server.server.peerHeights()
                    .get(peer.get()).map(h -> h.current() == Long.parseLong(height)).orElse(false));
        }
    }

    private long veracksToGo() {
        return go.eventsSoFar().stream().filter(e -> "bitcoin".equals(e.get("event"))
                && server.id().toBase58().equals(e.get("from"))
                && String.valueOf(e.get("text")).startsWith("{\"type\":\"verack\"")).count();
    }

    /**
     * Spec 3.3 from Go's own reading of the handshake: the height under the claimed peer id; a verack to the author
     * for type {@code version} exactly; for {@code version} and {@code verack}, a Kafka catch-up when the best
     * height is above ours (0) and a best hash is given.
     */
    private void assertHandshakeTaken(Map<String, String> go, long veracksBefore) throws Exception {
        awaitHeight(go.get("PeerID"), go.get("BestHeight"));
        if ("version".equals(go.get("Type"))) {
            await("a verack for " + go, () -> veracksToGo() == veracksBefore + 1);
        }
        boolean syncsHeights = "version".equals(go.get("Type")) || "verack".equals(go.get("Type"));
        if (syncsHeights && Long.parseLong(go.get("BestHeight")) > 0 && !go.get("BestHash").isEmpty()) {
            byte[] value = kafkaBlocks.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(value, () -> "no Kafka catch-up for " + go);
            KafkaBlockTopicMessage kafka = KafkaBlockTopicMessage.parseFrom(value);
            assertEquals(canonical(go.get("BestHash")), kafka.getHash());
            assertEquals(go.get("DataHubURL"), kafka.getURL());
        }
    }

    @Test
    void goValidSpellingsFromGoReachKafkaAndOperatorsAsGoReadsThemWithNoScore() throws Exception {
        String me = goId.toBase58();
        String topicBlock = ServerNode.TOPICS.block();

        // Keys in other letter case, no PeerID, a 3-digit hash, Go's escapes, unknown keys holding an object and
        // a number no float holds, whitespace around the document.
        assertBlockTaken(goPublishes(topicBlock, bytes(" \n{\"hash\":\"abc\",\"HEIGHT\":5,"
                + "\"datahuburl\":\"http://go.test/\\u003capi\\u003e?a=1\\u0026b=2\","
                + "\"Header\":{\"version\":1,\"bits\":[1,2,{\"x\":null}]},\"Extra\":1e400}\t\r\n")));
        // Duplicates (the last non-null wins), a key matching only by Unicode folding (ſ folds to s), null values,
        // an unknown key nested 2000 deep.
        assertBlockTaken(goPublishes(topicBlock, bytes("{\"Hash\":\"00FF\",\"haſh\":\"0A0b\",\"HASH\":null,"
                + "\"Height\":1,\"height\":7,\"DataHubURL\":\"u1\",\"dataHubUrl\":\"u2\",\"PeerID\":\"" + me + "\","
                + "\"PeerID\":null,\"Deep\":" + "[".repeat(2000) + "]".repeat(2000) + "}")));
        // The empty hash (Go parses it as the zero hash), uint32's largest height, a peer id that is none.
        assertBlockTaken(goPublishes(topicBlock, bytes("{\"Hash\":\"\",\"Height\":4294967295,\"DataHubURL\":\"\","
                + "\"PeerID\":\"not a peer id\"}")));
        // Invalid UTF-8 and surrogate escapes, paired and lone.
        assertBlockTaken(goPublishes(topicBlock, bytes("{\"Hash\":\"1\",\"Height\":0,\"DataHubURL\":\"http://x/",
                new byte[] {(byte) 0xff, (byte) 0xc3}, "\",\"PeerID\":\"\\ud800\\udc00\\ud800x\\udc00\"}")));

        String topicSubtree = ServerNode.TOPICS.subtree();
        assertSubtreeTaken(goPublishes(topicSubtree, bytes("{\"HASH\":\"DEF\",\"DataHubUrl\":\"http://go.test:8090\","
                + "\"peerid\":\"" + me + "\",\"later\":[{\"a\":[]}],\"n\":-1.5e-7,\"t\":true,\"f\":false}")));
        // A top-level null: Go's all-empty struct, whose empty hash is the zero hash.
        assertSubtreeTaken(goPublishes(topicSubtree, bytes("null")));

        String topicMiningOn = ServerNode.TOPICS.miningOn();
        assertMiningOnTaken(goPublishes(topicMiningOn, bytes("{\"hash\":\"h1\",\"previoushash\":\"h0\","
                + "\"PEERID\":\"" + me + "\",\"height\":77,\"miner\":\"go \\u0026 miner \\u003c3\","
                + "\"sizeinbytes\":18446744073709551615,\"TXCOUNT\":2,\"Unknown\":null,\"DataHubURL\":null}")));
        assertMiningOnTaken(goPublishes(topicMiningOn, bytes("{\"Hash\":\"\",\"Height\":12,\"TxCount\":0}")));

        String topicHandshake = ServerNode.TOPICS.handshake();
        // A type Go does not answer ("VERSION" is not "version"): the height only.
        long veracksAtStart = veracksToGo();
        long veracks = veracksAtStart;
        assertHandshakeTaken(goPublishes(topicHandshake, bytes("{\"type\":\"VERSION\",\"peerID\":\"" + me + "\","
                + "\"bestHeight\":901,\"bestHash\":\"ab\"}")), veracks);
        // Go's tags are lower camel case; these keys match them case-insensitively.
        veracks = veracksToGo();
        assertHandshakeTaken(goPublishes(topicHandshake, bytes("{\"TYPE\":\"version\",\"PeerId\":\"" + me + "\","
                + "\"BestHeight\":900,\"besthash\":\"FF\",\"DataHubUrl\":\"http://go.test\",\"topicPrefix\":"
                + "\"bitcoin/regtest\",\"services\":null,\"userAgent\":\"x\",\"Extra\":{\"a\":[1,{\"b\":null}]}}")),
                veracks);
        // No peer id: no height to record, yet a version all the same, answered to its author.
        veracks = veracksToGo();
        assertHandshakeTaken(goPublishes(topicHandshake, bytes("{\"type\":\"version\",\"bestHeight\":0}")), veracks);
        assertEquals(veracksAtStart + 2, veracksToGo(), "the VERSION-typed handshake was answered");

        Map<String, Integer> accepted = Map.of(topicBlock, 4, topicSubtree, 2, topicMiningOn, 2, topicHandshake, 3);
        for (String topic : ServerNode.SUBSCRIBED) {
            ServerCounters.TopicCounts counts = server.server.counters().topic(topic);
            assertEquals(0, counts.malformed(), topic);
            assertEquals(accepted.get(topic).longValue(), counts.accepted(), topic);
        }
        assertEquals(0, server.score(goId));
        assertNull(kafkaBlocks.poll(), "one Kafka blocks message each");
        assertNull(kafkaSubtrees.poll(), "one Kafka subtrees message each");
    }
}
