package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.pubsub.pb.PubsubProto.Message;
import p2p.node.pubsub.pb.PubsubProto.RPC;
import p2p.node.wire.Varint;
import p2p.testkit.Await;
import p2p.testkit.go.GoPeer;

/**
 * Gossipsub against go-libp2p-pubsub v0.14.1, the router Teranode runs (teranode-p2p.md section 2.5): the Go test
 * peer of p2p-testkit with default parameters, StrictSign and Go's default message id (from + seqno), over TCP, pnet
 * with Teranode's key, go-libp2p's default security and yamux. Proves, each way: lines Go-Java-Go and Java-Go-Java on
 * the five Teranode topics with every message delivered once and from, seqno and data intact, IDONTWANT for large
 * ones; a subscribed peer outside the mesh getting a message through IHAVE/IWANT and asking for its id no more once
 * it has it (so both sides compute the same id); PRUNE backoff honoured (no GRAFT while backed off, the mesh heals
 * after); forged, unsigned and anonymous messages refused.
 */
@Tag("interop")
class GoGossipsubInteropTest {
    private static final String PSK_HEX = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final Duration DEADLINE = GoGossipProbe.DEADLINE;
    /** Teranode's five topics on mainnet (spec section 3.1, settings-file values). */
    private static final List<String> TOPICS = List.of("bitcoin/mainnet-handshake", "bitcoin/mainnet-block",
            "bitcoin/mainnet-subtree", "bitcoin/mainnet-miningon", "bitcoin/mainnet-rejected_tx");
    private static final String TOPIC = "bitcoin/mainnet-block";

    /** Peers started by a test, closed in reverse order. */
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** One message a Java topic handler got. */
    private record Delivery(String topic, String dataHex, PeerId via) {
    }

    /** A Java node with gossipsub, subscribed to {@code topics}, recording deliveries and penalties. */
    private record JavaPeer(P2PNode node, GossipRouter router, BlockingQueue<Delivery> inbox, List<String> penalties) {
        PeerId id() {
            return node.peerId();
        }

        String dialAddress() {
            return node.listenAddresses().get(0).withPeerId(node.peerId().toBytes()).toString();
        }

        boolean meshHas(String topic, PeerId peer) {
            return router.meshPeers(topic).join().contains(peer);
        }

        /** The deliveries so far, taken from the inbox. */
        List<Delivery> drain() {
            List<Delivery> out = new ArrayList<>();
            inbox.drainTo(out);
            return out;
        }
    }

    @BeforeEach
    void goPresent() {
        assumeTrue(GoPeer.available(), "go is not installed (or -Dskip.go=true): the Go test peer cannot run");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private JavaPeer java(GossipConfig config, List<String> topics) throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").psk(GossipsubHostTest.TERANODE_PSK).ioThreads(1).build());
        closeables.add(node);
        node.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        List<String> penalties = new CopyOnWriteArrayList<>();
        Gossipsub gossipsub = Gossipsub.start(node, config,
                (peer, reason, detail) -> penalties.add(peer + " " + reason + " " + detail));
        closeables.add(gossipsub);
        BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
        for (String topic : topics) {
            gossipsub.router().setTopicHandler(topic,
                    (data, from) -> inbox.add(new Delivery(topic, HexFormat.of().formatHex(data), from)));
            gossipsub.router().subscribe(topic);
        }
        return new JavaPeer(node, gossipsub.router(), inbox, penalties);
    }

    private JavaPeer java(List<String> topics) throws Exception {
        return java(GossipConfig.defaults(), topics);
    }

    /** A Go peer (gossipsub only: the DHT is off) subscribed to {@code topics}. */
    private GoGossipProbe go(List<String> topics) throws Exception {
        GoPeer peer = GoPeer.start(GoPeer.config("psk", PSK_HEX, "dht", false));
        closeables.add(peer);
        GoGossipProbe go = new GoGossipProbe(peer);
        topics.forEach(go::subscribe);
        return go;
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, DEADLINE, condition);
    }

    /** The Java node and the Go peer have each other in their meshes of every one of {@code topics}. */
    private static void awaitMeshed(JavaPeer java, GoGossipProbe go, List<String> topics) {
        for (String topic : topics) {
            await(java.id() + " and " + go.id() + " meshed on " + topic, () -> java.meshHas(topic, go.id())
                    && go.mesh(topic).contains(java.id().toBase58()));
        }
    }

    /** Checks a Go message event: the author, the receiving hop and Go's default message id (from + seqno). */
    private static void assertGoMessage(Map<String, Object> event, PeerId author, PeerId via) {
        assertEquals(author.toBase58(), event.get("from"), () -> "author of " + event);
        assertEquals(via.toBase58(), event.get("receivedFrom"), () -> "relaying hop of " + event);
        assertEquals(false, event.get("local"));
        String seqno = (String) event.get("seqnoHex");
        assertEquals(16, seqno.length(), () -> "StrictSign seqno is 8 bytes: " + event);
        assertEquals(GoGossipProbe.defaultMessageIdHex(author, seqno), event.get("messageIdHex"));
    }

    // ---------------------------------------------------------------- lines

    @Test
    void javaRelaysEveryTeranodeTopicBetweenTwoGoPeersThatAreNotConnected() throws Exception {
        JavaPeer java = java(TOPICS);
        GoGossipProbe a = go(TOPICS);
        GoGossipProbe b = go(TOPICS);
        a.dial(java.dialAddress());
        b.dial(java.dialAddress());
        awaitMeshed(java, a, TOPICS);
        awaitMeshed(java, b, TOPICS);
        assertEquals(List.of(java.id().toBase58()), a.connectedPeers(), "A is connected to the Java node only");
        assertEquals(List.of(java.id().toBase58()), b.connectedPeers(), "B is connected to the Java node only");

        record Sent(String topic, String dataHex, GoGossipProbe author, GoGossipProbe receiver) {
        }
        List<Sent> sent = new ArrayList<>();
        for (String topic : TOPICS) {
            sent.add(new Sent(topic, a.publish(topic, "from A on " + topic), a, b));
            sent.add(new Sent(topic, b.publish(topic, "from B on " + topic), b, a));
        }
        for (Sent message : sent) {
            Map<String, Object> received = message.receiver().awaitMessage(message.topic(), message.dataHex());
            assertGoMessage(received, message.author().id(), java.id());
            Map<String, Object> own = message.author().awaitMessage(message.topic(), message.dataHex());
            assertEquals(true, own.get("local"));
            assertEquals(own.get("seqnoHex"), received.get("seqnoHex"), "seqno intact through the Java relay");
            assertEquals(own.get("messageIdHex"), received.get("messageIdHex"));
        }
        // A last message each way along the line: anything delivered twice would have arrived before it.
        String lastFromA = a.publish(TOPIC, "last from A");
        String lastFromB = b.publish(TOPIC, "last from B");
        b.awaitMessage(TOPIC, lastFromA);
        a.awaitMessage(TOPIC, lastFromB);
        await("the Java node got every message", () -> java.inbox().size() >= sent.size() + 2);

        List<Delivery> atJava = java.drain();
        for (Sent message : sent) {
            Delivery expected = new Delivery(message.topic(), message.dataHex(), message.author().id());
            assertEquals(1, atJava.stream().filter(expected::equals).count(),
                    () -> "delivered once to Java: " + expected + " in " + atJava);
            assertEquals(1, message.receiver().messages(message.topic(), message.dataHex()).size(),
                    () -> "delivered once to the other Go peer: " + expected);
        }
        assertEquals(sent.size() + 2, atJava.size(), atJava::toString);
        assertEquals(0, java.router().counters().rejected(), "Go's signatures verified under StrictSign");
        assertTrue(java.penalties().isEmpty(), java.penalties()::toString);
        assertTrue(a.rejections().isEmpty() && b.rejections().isEmpty(), "Go refused nothing the Java node relayed");
        assertEquals("/meshsub/1.2.0", ((Map<?, ?>) a.call("cmd", "pubsubPeers").get("peers"))
                .get(java.id().toBase58()), "Go and Java agree on gossipsub v1.2");

        // gossipsub v1.2: a relayed message of 1 KiB or more is announced with IDONTWANT to the other mesh peer first
        String large = a.publish(TOPIC, "x".repeat(4096));
        assertGoMessage(b.awaitMessage(TOPIC, large), a.id(), java.id());
        assertEquals(1, java.router().counters().idontwantSent(), "to B only: A sent and wrote it");
        assertEquals(1, b.stat("received", "idontwant"), "B took the Java node's IDONTWANT");
        assertEquals(0, a.stat("received", "idontwant"));
    }

    @Test
    void goRelaysEveryTeranodeTopicBetweenTwoJavaNodesThatAreNotConnected() throws Exception {
        JavaPeer one = java(TOPICS);
        JavaPeer two = java(TOPICS);
        GoGossipProbe go = go(TOPICS);
        go.dial(one.dialAddress());
        go.dial(two.dialAddress());
        awaitMeshed(one, go, TOPICS);
        awaitMeshed(two, go, TOPICS);
        assertFalse(one.node().isConnected(two.id()), "the Java nodes are not connected to each other");

        List<Delivery> sent = new ArrayList<>();
        for (String topic : TOPICS) {
            byte[] fromOne = ("from one on " + topic).getBytes(StandardCharsets.UTF_8);
            byte[] fromTwo = ("from two on " + topic).getBytes(StandardCharsets.UTF_8);
            one.router().publish(topic, fromOne).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            two.router().publish(topic, fromTwo).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            sent.add(new Delivery(topic, HexFormat.of().formatHex(fromOne), one.id()));
            sent.add(new Delivery(topic, HexFormat.of().formatHex(fromTwo), two.id()));
        }
        for (Delivery message : sent) {
            // Go saw the Java author's from and seqno, and computed its default id from them
            assertGoMessage(go.awaitMessage(message.topic(), message.dataHex()), message.via(), message.via());
        }
        byte[] lastFromOne = "last from one".getBytes(StandardCharsets.UTF_8);
        byte[] lastFromTwo = "last from two".getBytes(StandardCharsets.UTF_8);
        one.router().publish(TOPIC, lastFromOne).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        two.router().publish(TOPIC, lastFromTwo).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        // each Java node also gets its own messages (spec 2.5), then the other's relayed by Go
        int each = sent.size() + 2;
        await("both Java nodes got every message", () -> one.inbox().size() >= each && two.inbox().size() >= each);

        for (JavaPeer receiver : List.of(one, two)) {
            List<Delivery> got = receiver.drain();
            assertEquals(each, got.size(), got::toString);
            for (Delivery message : sent) {
                // relayed copies arrive via Go; StrictSign checked the author's signature over from, seqno and data
                PeerId via = message.via().equals(receiver.id()) ? receiver.id() : go.id();
                assertEquals(1, got.stream().filter(d -> d.equals(new Delivery(message.topic(), message.dataHex(),
                        via))).count(), () -> "delivered once: " + message + " in " + got);
            }
            assertEquals(0, receiver.router().counters().rejected(), "Go relayed with signatures intact");
            assertTrue(receiver.penalties().isEmpty(), receiver.penalties()::toString);
        }
        assertTrue(go.rejections().isEmpty(), () -> "Go refused Java's messages: " + go.rejections());

        // gossipsub v1.2: Go announces a message of 1 KiB or more with IDONTWANT to its other mesh peer, before relaying
        byte[] large = "y".repeat(4096).getBytes(StandardCharsets.UTF_8);
        one.router().publish(TOPIC, large).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(new Delivery(TOPIC, HexFormat.of().formatHex(large), go.id()),
                two.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, go.stat("sent", "idontwant"), "to the Java node that did not send it");
        assertEquals(0, two.router().counters().protocolViolations(), "the Java node took Go's IDONTWANT");
        assertTrue(two.penalties().isEmpty(), two.penalties()::toString);
    }

    // ---------------------------------------------------------------- gossip outside the mesh, PRUNE backoff

    /**
     * Go A and Go G each connected to the Java node only, meshed on {@link #TOPIC}. The Java node then leaves and
     * rejoins the topic: it PRUNEs both with its unsubscribe backoff, 60 s here (Go's own PRUNE backoff), and stays
     * subscribed, so both are connected subscribers outside each other's meshes. A publishes to its mesh only
     * (go-libp2p-pubsub v0.14.1 does not flood-publish by default), which is empty: the Java node gets the message
     * only through A's IHAVE and its own IWANT, and relays it to its (empty) mesh only, so G gets it only through the
     * Java node's IHAVE and G's IWANT. Gossip goes on for a few heartbeats: nobody asks for the id once it has the message.
     */
    @Test
    void goPrunedByJavaStaysOutOfTheMeshAndGetsTheMessageThroughIhaveAndIwant() throws Exception {
        GossipConfig d = GossipConfig.defaults();
        GossipConfig config = new GossipConfig(d.d(), d.dLo(), d.dHi(), d.dLazy(), d.gossipFactor(),
                d.heartbeatInterval(), d.fanoutTtl(), d.historyLength(), d.historyGossip(), d.seenTtl(),
                d.pruneBackoff(), Duration.ofMinutes(1), d.gossipRetransmission(), d.maxIHaveMessages(),
                d.maxIHaveLength(), d.maxFrameBytes(), d.maxOutboundQueue(), d.floodPublish());
        JavaPeer java = java(config, List.of(TOPIC));
        GoGossipProbe a = go(List.of(TOPIC));
        GoGossipProbe g = go(List.of(TOPIC));
        a.dial(java.dialAddress());
        g.dial(java.dialAddress());
        awaitMeshed(java, a, List.of(TOPIC));
        awaitMeshed(java, g, List.of(TOPIC));
        long graftsBefore = g.stat("sent", "graft");
        long javaGraftsBefore = java.router().counters().graftsSent();
        long javaPrunesBefore = java.router().counters().prunesSent();

        java.router().unsubscribe(TOPIC);
        java.router().subscribe(TOPIC);
        for (GoGossipProbe go : List.of(a, g)) {
            await(go.id() + " took the PRUNE and sees the Java node subscribed again",
                    () -> !go.mesh(TOPIC).contains(java.id().toBase58())
                            && go.subscribers(TOPIC).contains(java.id().toBase58()));
        }
        String payload = a.publish(TOPIC, "through gossip");

        Map<String, Object> got = g.awaitMessage(TOPIC, payload);
        assertGoMessage(got, a.id(), java.id());
        assertEquals(new Delivery(TOPIC, payload, a.id()), java.inbox().poll(), "the Java node got it from A");
        long javaAsked = java.router().counters().iwantSent();
        long gAsked = g.stat("sent", "iwantIds");
        assertTrue(javaAsked >= 1 && a.stat("received", "iwantIds") >= 1, "the Java node asked A for it");
        assertTrue(java.router().counters().iwantServed() >= 1, "the Java node answered G's IWANT");
        assertTrue(gAsked >= 1, "G asked for it");
        // Every router gossips a message id for its 3 newest heartbeat windows (history_gossip, Go and Java alike),
        // and this is the only message: 3 IHAVEs each from A and G, 3 from the Java node to G. Meanwhile G was at
        // each heartbeat below D_lo with the Java node subscribed outside its mesh: only the backoff kept its GRAFT.
        await("the gossip rounds of the message from A, G and the Java node", () -> a.stat("sent", "ihave") >= 3
                && g.stat("sent", "ihave") >= 3 && g.stat("received", "ihave") >= 3);
        // Once a router has the message it asks for its id no more (asking twice while the answer is on its way is
        // allowed): the ids the others announce are the ones it computed.
        assertEquals(gAsked, g.stat("sent", "iwantIds"), "G did not ask again for the id the Java node announces");
        assertEquals(0, a.stat("sent", "iwantIds"), "A did not ask for its own message: same id");
        assertEquals(javaAsked, java.router().counters().iwantSent(), "the Java node did not ask again for the id "
                + "A and G announce: the id it computed");
        assertEquals(graftsBefore, g.stat("sent", "graft"), "G sent no GRAFT during the backoff");
        assertFalse(g.mesh(TOPIC).contains(java.id().toBase58()));
        assertEquals(javaGraftsBefore, java.router().counters().graftsSent(), "the Java node kept its own backoff");
        assertEquals(javaPrunesBefore + 2, java.router().counters().prunesSent(), "only the two PRUNEs of leaving: a "
                + "GRAFT from A or G within the backoff would have been answered with another");
        assertFalse(java.meshHas(TOPIC, g.id()));
        assertTrue(java.penalties().isEmpty(), java.penalties()::toString);
        assertEquals(1, g.messages(TOPIC, payload).size(), "delivered once");
        assertTrue(java.inbox().isEmpty(), () -> "delivered more than once: " + java.inbox());
    }

    /**
     * The Java node J and Go A each connected to Go B only, meshed on {@link #TOPIC}. B leaves and rejoins the topic:
     * go-libp2p-pubsub PRUNEs both with its unsubscribe backoff (10 s). A publishes (B gets it through A's gossip, as
     * A's mesh is empty too); B relays to its (empty) mesh only, so J can get the message only through B's IHAVE and
     * its own IWANT. J must not GRAFT B while backed off (its mesh is below D_lo and B is its only candidate), and
     * the mesh heals once the backoff is over.
     */
    @Test
    void javaPrunedByGoStaysOutOfTheMeshAndGetsTheMessageThroughIhaveAndIwant() throws Exception {
        JavaPeer java = java(List.of(TOPIC));
        GoGossipProbe b = go(List.of(TOPIC));
        GoGossipProbe a = go(List.of(TOPIC));
        a.dial(b.peer().dialAddress());
        java.node().connect(Multiaddr.parse(b.peer().dialAddress()))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        awaitMeshed(java, b, List.of(TOPIC));
        await("A and B meshed", () -> b.mesh(TOPIC).contains(a.id().toBase58())
                && a.mesh(TOPIC).contains(b.id().toBase58()));
        long javaGraftsBefore = java.router().counters().graftsSent();
        long javaPrunesBefore = java.router().counters().prunesSent();
        long graftsReceivedBefore = b.stat("received", "graft");
        long prunesBefore = b.stat("sent", "prune");

        b.call("cmd", "unsubscribe", "topic", TOPIC);
        await("the Java node took B's PRUNE", () -> !java.meshHas(TOPIC, b.id()));
        b.subscribe(TOPIC);
        await("the Java node and A see B subscribed again", () -> java.router().topicPeers(TOPIC).join()
                .contains(b.id()) && a.subscribers(TOPIC).contains(b.id().toBase58()));
        String payload = a.publish(TOPIC, "through Go's gossip");

        Delivery got = java.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(new Delivery(TOPIC, payload, b.id()), got);
        long javaAsked = java.router().counters().iwantSent();
        assertTrue(javaAsked >= 1 && b.stat("received", "iwantIds") >= 1, "the Java node asked B for it");
        // B gossips the id, its only message, for its 3 newest heartbeat windows to both its peers (A and J): the
        // Java node must not ask again (same id), and stays out of B's mesh meanwhile.
        await("B's three gossip rounds of the message", () -> b.stat("sent", "ihave") >= 6);
        assertEquals(javaAsked, java.router().counters().iwantSent(), "the Java node did not ask again: same id");
        assertEquals(javaGraftsBefore, java.router().counters().graftsSent(),
                "the Java node sent no GRAFT within B's backoff");
        assertEquals(graftsReceivedBefore, b.stat("received", "graft"));
        assertFalse(b.mesh(TOPIC).contains(java.id().toBase58()));

        // Once the 10 s are over the mesh heals. Go answers a GRAFT within its backoff with a PRUNE, and the Java
        // node would answer B's GRAFT with one had it kept a longer backoff than the 10 s B announced.
        await("the Java node and B meshed again after B's backoff", () -> java.meshHas(TOPIC, b.id())
                && b.mesh(TOPIC).contains(java.id().toBase58()));
        assertEquals(prunesBefore + 2, b.stat("sent", "prune"), "B sent only the PRUNEs of leaving");
        assertEquals(javaPrunesBefore, java.router().counters().prunesSent(), "the Java node kept B's 10 s");
        assertTrue(java.inbox().isEmpty(), () -> "delivered more than once: " + java.inbox());
        assertTrue(java.penalties().isEmpty(), java.penalties()::toString);
    }

    // ---------------------------------------------------------------- refusals

    /** Go's publishRaw sends each kind of bad message on a stream of its own; the Java node refuses each. */
    @Test
    void javaRefusesForgedUnsignedAndAnonymousMessagesFromGo() throws Exception {
        JavaPeer java = java(List.of(TOPIC));
        GoGossipProbe go = go(List.of(TOPIC));
        go.dial(java.dialAddress());
        awaitMeshed(java, go, List.of(TOPIC));

        List<String> expected = new ArrayList<>();
        for (String[] bad : new String[][] {{"forged", "BAD_SIGNATURE"}, {"unsigned", "MISSING_SIGNATURE"},
                {"anonymous", "MISSING_FROM"}}) {
            go.call("cmd", "publishRaw", "peer", java.id().toBase58(), "topic", TOPIC, "mode", bad[0],
                    "text", "raw " + bad[0]);
            expected.add(go.id() + " " + PenaltyReason.PROTOCOL_VIOLATION + " StrictSign: " + bad[1]);
            await("the Java node refused the " + bad[0] + " message", () -> java.penalties().size() == expected.size());
        }
        assertEquals(expected, java.penalties());
        assertEquals(3, java.router().counters().rejected());

        String control = (String) go.call("cmd", "publishRaw", "peer", java.id().toBase58(), "topic", TOPIC,
                "mode", "signed", "text", "raw signed").get("dataHex");
        assertEquals(new Delivery(TOPIC, control, go.id()), java.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS),
                "a raw message signed as go-libp2p-pubsub signs is accepted");
        String fine = go.publish(TOPIC, "published normally");
        assertEquals(new Delivery(TOPIC, fine, go.id()), java.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertTrue(java.inbox().isEmpty(), () -> "a refused message was delivered: " + java.inbox());
        assertEquals(expected, java.penalties(), "no penalty for the good messages");
    }

    /**
     * A Java node without gossipsub writes bad messages on a pubsub stream to the Go peer, as no router would: Go
     * refuses each with go-libp2p-pubsub's reason, and still takes the same node's properly signed message.
     */
    @Test
    void goRefusesForgedUnsignedAndAnonymousMessagesFromJava() throws Exception {
        GoGossipProbe go = go(List.of(TOPIC));
        Ed25519PrivKey key = Ed25519PrivKey.generate(new SecureRandom());
        P2PNode raw = new P2PNode(NodeConfig.builder(key).listen("/ip4/127.0.0.1/tcp/0")
                .psk(GossipsubHostTest.TERANODE_PSK).ioThreads(1).build());
        closeables.add(raw);
        raw.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        PeerId goId = raw.connect(Multiaddr.parse(go.peer().dialAddress()))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS).peerId();
        MessageSigner signer = new PrivKeySigner(key);
        long seqno = System.nanoTime();

        Message signed = StrictSign.sign(signer, TOPIC, "signed by Java".getBytes(StandardCharsets.UTF_8), seqno++);
        Message forged = signed.toBuilder().setData(ByteString.copyFromUtf8("forged by Java")).build();
        Message unsigned = StrictSign.sign(signer, TOPIC, "unsigned by Java".getBytes(StandardCharsets.UTF_8),
                seqno++).toBuilder().clearSignature().build();
        Message anonymous = Message.newBuilder().setTopic(TOPIC).setData(ByteString.copyFromUtf8("anonymous")).build();
        Message wrongKey = StrictSign.sign(new PrivKeySigner(Ed25519PrivKey.generate(new SecureRandom())), TOPIC,
                "signed by another key".getBytes(StandardCharsets.UTF_8), seqno++).toBuilder()
                .setFrom(ByteString.copyFrom(raw.peerId().toBytes())).build();
        Map<Message, String> reasons = new LinkedHashMap<>();
        reasons.put(forged, "invalid signature");
        reasons.put(unsigned, "missing signature");
        reasons.put(anonymous, "missing signature");
        reasons.put(wrongKey, "invalid signature");

        int n = 0;
        for (Map.Entry<Message, String> bad : reasons.entrySet()) {
            writeRawRpc(raw, goId, bad.getKey());
            int want = ++n;
            await("Go refused " + bad.getKey().getData().toStringUtf8(), () -> go.rejections().size() == want);
            Map<String, Object> rejection = go.rejections().get(want - 1);
            assertEquals(bad.getValue(), rejection.get("reason"), rejection::toString);
            assertEquals(HexFormat.of().formatHex(bad.getKey().getData().toByteArray()), rejection.get("dataHex"));
        }
        writeRawRpc(raw, goId, signed);
        Map<String, Object> accepted = go.awaitMessage(TOPIC, HexFormat.of().formatHex(signed.getData().toByteArray()));
        assertGoMessage(accepted, raw.peerId(), raw.peerId());
        assertEquals(HexFormat.of().formatHex(signed.getSeqno().toByteArray()), accepted.get("seqnoHex"));
        assertEquals(1, go.peer().eventsSoFar().stream().filter(e -> "message".equals(e.get("event"))).count(),
                "only the signed message reached Go's subscription");
        assertEquals(reasons.size(), go.rejections().size());
    }

    /** One RPC with one message on a new {@code /meshsub/1.1.0} stream, length-prefixed as pubsub frames are. */
    private static void writeRawRpc(P2PNode from, PeerId to, Message message) throws Exception {
        byte[] rpc = RPC.newBuilder().addPublish(message).build().toByteArray();
        Channel stream = from.newStream(to, "/meshsub/1.1.0").get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        ChannelFuture written = stream.writeAndFlush(Unpooled.wrappedBuffer(Varint.toBytes(rpc.length), rpc));
        assertTrue(written.await(DEADLINE.toMillis()) && written.isSuccess(), () -> "raw RPC not written: "
                + written.cause());
        stream.close().await(DEADLINE.toMillis());
    }
}
