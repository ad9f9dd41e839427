package p2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static p2p.server.ServerNode.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import p2p.kafka.KafkaStats;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaInvalidBlockTopicMessage;
import p2p.kafka.message.KafkaSubtreeTopicMessage;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.server.message.HandshakeMessage;
import p2p.testkit.InteropResources;
import p2p.testkit.go.GoPeer;

/**
 * Three nodes in a line, author - relayer - receiver, with the go-libp2p test peer as author or relayer (spec
 * sections 2.5, 2.6, 3.3 and 5.3; issue 12; RelayedGossipTest has the js twins): the receiver sees the author's
 * messages only through the relayer. Go-valid messages reach the receiver's Kafka and cost nobody anything; an
 * undecodable payload is forwarded all the same (gossipsub's relaying never depends on the application, in Go or
 * Java) and scores its signed author only, never the relayer; a {@code version} is answered to its author, never to
 * the relayer (⚠ Go answers the relayer, 14.2 #5); an invalid-block report scores the block's author, not the relayer
 * that delivered its announcement (⚠ Go blames the deliverer).
 */
@Tag("interop")
class GoRelayedGossipTest {
    private static final long WAIT = ServerNode.DEADLINE.toSeconds();
    private static final String HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    private static final String UNDECODABLE = "{\"Hash\":";

    @TempDir
    Path dir;
    /** Servers and peers, closed after each test in reverse order; the test skipped without Go. */
    @RegisterExtension
    final InteropResources closeables = InteropResources.go();

    private ServerNode server(String name) throws Exception {
        ServerNode node = new ServerNode(name, dir, FakeChain.header(0, 0));
        closeables.closeAfter(node);
        return node;
    }

    /** A Go peer in Teranode's private network, subscribed to {@code topics} (gossipsub relays only those). */
    private GoPeer go(List<String> topics) throws Exception {
        GoPeer go = GoPeer.start(GoPeer.config("psk", ServerNode.PSK_HEX, "dht", false));
        closeables.closeAfter(go);
        for (String topic : topics) {
            go.call(ServerNode.DEADLINE, "cmd", "subscribe", "topic", topic);
        }
        return go;
    }

    private static List<?> goMesh(GoPeer go, String topic) {
        try {
            return (List<?>) go.call(ServerNode.DEADLINE, "cmd", "mesh", "topic", topic).get("peers");
        } catch (Exception e) {
            throw new IllegalStateException("the Go peer did not list its mesh", e);
        }
    }

    /** Publishes {@code text} from the Go peer as it is, signed by the Go peer. */
    private static void goPublishes(GoPeer go, String topic, String text) throws Exception {
        go.call(ServerNode.DEADLINE, "cmd", "publish", "topic", topic,
                "dataB64", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Direct-stream messages of handshake type {@code type} the Go peer received from {@code from} so far. */
    private static long goReceivedDirect(GoPeer go, PeerId from, String type) {
        return go.eventsSoFar().stream().filter(e -> "bitcoin".equals(e.get("event"))
                && from.toBase58().equals(e.get("from"))
                && String.valueOf(e.get("text")).startsWith("{\"type\":\"" + type + "\"")).count();
    }

    private static <T> T poll(BlockingQueue<T> queue, String what) throws InterruptedException {
        T value = queue.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value, "nothing on " + what);
        return value;
    }

    /** Feeds an invalid-block report for {@code hash} to {@code node}'s invalid-blocks consumer (spec 4.4, 5.3). */
    private static void reportInvalid(ServerNode node, String hash) throws Exception {
        node.kafka.consumer(ServerNode.url("memory://invalid-blocks"), "p2p", node.server.invalidBlocksHandler(),
                new KafkaStats()).start();
        node.produce("invalid-blocks", KafkaInvalidBlockTopicMessage.newBuilder().setBlockHash(hash)
                .setReason("bad merkle root").build().toByteArray());
    }

    @Test
    void goAuthorThroughAJavaRelayerCostsTheRelayerNothing() throws Exception {
        ServerNode relayer = server("relayer");
        ServerNode receiver = server("receiver");
        GoPeer author = go(ServerNode.TOPICS.all());
        PeerId authorId = GoTeranodeMessagesInteropTest.connect(author, relayer);
        relayer.connectAndMeet(receiver);
        // The receiver's version to the relayer and its verack to the relayer's version: no more direct sends of
        // its own may come later.
        await("the receiver sent its version and verack", () -> receiver.server.counters().directSent() == 2);
        assertFalse(receiver.node.isConnected(authorId));
        await("the relayer's meshes hold both neighbours", () -> ServerNode.SUBSCRIBED.stream().allMatch(topic ->
                relayer.gossipsub.router().meshPeers(topic).join().containsAll(List.of(authorId, receiver.id()))));
        BlockingQueue<byte[]> receiverBlocks = receiver.consume("blocks");
        BlockingQueue<byte[]> receiverSubtrees = receiver.consume("subtrees");
        ServerCounters.TopicCounts receiverBlockCounts = receiver.server.counters().topic(ServerNode.TOPICS.block());

        // Go-valid in spellings Go's Teranode accepts: reach the receiver's Kafka and operators, nobody scored.
        goPublishes(author, ServerNode.TOPICS.block(), "{\"hash\":\"" + HASH.substring(10) + "\",\"HEIGHT\":1,"
                + "\"dataHubURL\":\"http://author.test\",\"TopicPrefix\":{\"nested\":[true]}}");
        KafkaBlockTopicMessage block = KafkaBlockTopicMessage.parseFrom(poll(receiverBlocks, "the receiver's blocks"));
        assertEquals(HASH, block.getHash());
        assertEquals("http://author.test", block.getURL());
        goPublishes(author, ServerNode.TOPICS.subtree(), "{\"HASH\":\"F00D\",\"peerid\":\"" + authorId.toBase58()
                + "\"}");
        assertEquals("0".repeat(60) + "f00d", KafkaSubtreeTopicMessage.parseFrom(
                poll(receiverSubtrees, "the receiver's subtrees")).getHash());
        goPublishes(author, ServerNode.TOPICS.miningOn(), "{\"height\":9,\"PEERID\":\"" + authorId.toBase58() + "\","
                + "\"SizeInBytes\":null}");
        await("the receiver recorded the author's mining-on height", () -> receiver.server.peerHeights()
                .get(authorId).map(h -> h.current() == 9).orElse(false));
        assertEquals(0, receiver.score(authorId));
        assertEquals(0, relayer.score(authorId));

        // Block validation finds the block invalid: the receiver scores its author, not the relayer that delivered
        // the announcement (Go blames the deliverer).
        reportInvalid(receiver, block.getHash());
        await("the receiver scored the block's author", () -> receiver.score(authorId) == 10);
        assertEquals(0, receiver.score(relayer.id()));

        // Not JSON at all: the Java relayer forwards it all the same; both Java nodes score its author only.
        goPublishes(author, ServerNode.TOPICS.block(), UNDECODABLE);
        await("the receiver scored the author", () -> receiver.score(authorId) == 30);
        await("the relayer scored the author", () -> relayer.score(authorId) == 20);
        assertEquals(1, receiverBlockCounts.malformed());
        assertEquals(1, receiverBlockCounts.accepted());

        // A version from the author: the relayer answers it (the author is its neighbour) and so does the receiver,
        // to the author, which it is not connected to, so its verack fails (counted) and goes nowhere else.
        long receiverFailed = receiver.server.counters().directFailed();
        long receiverSent = receiver.server.counters().directSent();
        goPublishes(author, ServerNode.TOPICS.handshake(), "{\"Type\":\"version\",\"PeerId\":\""
                + authorId.toBase58() + "\",\"bestHeight\":3,\"UnknownNested\":{\"a\":[1]}}");
        await("the relayer's verack reached the Go author", () -> goReceivedDirect(author, relayer.id(), "verack")
                == 1);
        await("the receiver tried its verack to the author", () -> receiver.server.counters().directFailed()
                == receiverFailed + 1);
        assertEquals(receiverSent, receiver.server.counters().directSent(), "the receiver sent its verack elsewhere");
        await("the receiver recorded the author's height", () -> receiver.server.peerHeights().get(authorId)
                .map(h -> h.current() == 3).orElse(false));

        assertEquals(0, receiver.score(relayer.id()));
        assertEquals(0, relayer.score(receiver.id()));
        assertEquals(30, receiver.score(authorId), "scored for anything but the undecodable block and the report");
        assertEquals(20, relayer.score(authorId));
    }

    @Test
    void javaAuthorThroughAGoRelayerCostsTheRelayerNothing() throws Exception {
        ServerNode author = server("author");
        ServerNode receiver = server("receiver");
        GoPeer relayer = go(ServerNode.SUBSCRIBED);
        PeerId relayerId = PeerId.parse(relayer.peerId());
        for (ServerNode node : List.of(author, receiver)) {
            node.node.connect(Multiaddr.parse(relayer.dialAddress())).get(WAIT, TimeUnit.SECONDS);
        }
        assertFalse(receiver.node.isConnected(author.id()));
        await("the Go relayer's meshes hold both Java nodes and theirs hold it", () -> ServerNode.SUBSCRIBED.stream()
                .allMatch(topic -> goMesh(relayer, topic).containsAll(List.of(author.id().toBase58(),
                        receiver.id().toBase58()))
                        && author.gossipsub.router().meshPeers(topic).join().contains(relayerId)
                        && receiver.gossipsub.router().meshPeers(topic).join().contains(relayerId)));
        // Each Java node's version to the Go relayer, which answers none: nothing more may come later.
        await("the receiver's version reached the Go relayer", () -> receiver.server.counters().directSent() == 1);
        BlockingQueue<byte[]> receiverBlocks = receiver.consume("blocks");
        ServerCounters.TopicCounts receiverBlockCounts = receiver.server.counters().topic(ServerNode.TOPICS.block());

        // Undecodable, then Go-valid in another spelling: Go forwards both (it runs no validator); the receiver
        // scores the first against its signed author, and hands the second to Kafka.
        author.gossipsub.router().publish(ServerNode.TOPICS.block(), "[\"no\",\"block\"]".getBytes(
                StandardCharsets.UTF_8));
        author.gossipsub.router().publish(ServerNode.TOPICS.block(), ("{\"HASH\":\"" + HASH + "\",\"Height\":3,"
                + "\"peerID\":null,\"Extra\":[{}]}").getBytes(StandardCharsets.UTF_8));
        KafkaBlockTopicMessage relayed = KafkaBlockTopicMessage.parseFrom(poll(receiverBlocks,
                "the receiver's blocks"));
        assertEquals(HASH, relayed.getHash());
        assertEquals("", relayed.getURL());
        await("the receiver scored the author", () -> receiver.score(author.id()) == 20);
        assertEquals(1, receiverBlockCounts.malformed());
        assertEquals(1, receiverBlockCounts.accepted());

        // Block validation finds it invalid: its author is scored, not the Go relayer that delivered it.
        reportInvalid(receiver, relayed.getHash());
        await("the receiver scored the block's author", () -> receiver.score(author.id()) == 30);

        // A version from the author, through Go: the receiver answers the author, which it is not connected to,
        // so its verack fails; the Go relayer gets none.
        long receiverFailed = receiver.server.counters().directFailed();
        author.gossipsub.router().publish(ServerNode.TOPICS.handshake(), new HandshakeMessage(HandshakeMessage.VERSION,
                author.id().toBase58(), 4, "", author.dataHubUrl, HandshakeMessage.USER_AGENT, 0).encode());
        await("the receiver recorded the author's height", () -> receiver.server.peerHeights().get(author.id())
                .map(h -> h.current() == 4).orElse(false));
        await("the receiver tried its verack to the author", () -> receiver.server.counters().directFailed()
                == receiverFailed + 1);
        assertEquals(1, receiver.server.counters().directSent(), "the receiver sent its verack elsewhere");
        assertEquals(0, goReceivedDirect(relayer, receiver.id(), "verack"), "the Go relayer got a verack");

        assertEquals(0, receiver.score(relayerId));
        assertEquals(0, author.score(relayerId));
        assertEquals(30, receiver.score(author.id()));
    }
}
