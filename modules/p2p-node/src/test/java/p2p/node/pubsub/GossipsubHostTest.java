package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.Psk;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.testkit.Await;

/** Gossipsub between Java hosts over the whole stack: TCP, pnet, Noise, yamux, multistream, pubsub streams. */
class GossipsubHostTest {
    static final String TOPIC = "bitcoin/regtest-block";
    static final Psk TERANODE_PSK =
            Psk.fromHex("285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137");
    static final Duration DEADLINE = Duration.ofSeconds(20);

    private record Member(P2PNode node, Gossipsub gossipsub, BlockingQueue<String> inbox, List<String> penalties) {
        GossipRouter router() {
            return gossipsub.router();
        }
    }

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private Member member() throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").psk(TERANODE_PSK).ioThreads(1).build());
        cleanup.add(node);
        node.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        List<String> penalties = new CopyOnWriteArrayList<>();
        Gossipsub gossipsub = Gossipsub.start(node, GossipConfig.defaults(),
                (peer, reason, detail) -> penalties.add(peer + " " + reason + " " + detail));
        cleanup.add(gossipsub);
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        gossipsub.router().setTopicHandler(TOPIC, (data, from) -> inbox.add(new String(data, StandardCharsets.UTF_8)
                + " via " + from));
        gossipsub.router().subscribe(TOPIC);
        return new Member(node, gossipsub, inbox, penalties);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, DEADLINE, condition);
    }

    static boolean inMesh(GossipRouter router, PeerId peer) {
        return router.meshPeers(TOPIC).join().contains(peer);
    }

    @Test
    void threeJavaHostsGossipInALine() throws Exception {
        Member a = member();
        Member b = member();
        Member c = member();
        // a - b - c: c only hears a through b's mesh relay
        a.node().connect(b.node().listenAddresses().get(0).withPeerId(b.node().peerId().toBytes()))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        c.node().connect(b.node().listenAddresses().get(0).withPeerId(b.node().peerId().toBytes()))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        await("meshes formed", () -> inMesh(b.router(), a.node().peerId()) && inMesh(b.router(), c.node().peerId())
                && inMesh(a.router(), b.node().peerId()) && inMesh(c.router(), b.node().peerId()));

        a.router().publish(TOPIC, "block 1".getBytes(StandardCharsets.UTF_8));

        assertEquals("block 1 via " + a.node().peerId(), a.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals("block 1 via " + a.node().peerId(), b.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals("block 1 via " + b.node().peerId(), c.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));

        c.router().publish(TOPIC, "block 2".getBytes(StandardCharsets.UTF_8));
        assertEquals("block 2 via " + b.node().peerId(), a.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        for (Member m : List.of(a, b, c)) {
            assertTrue(m.penalties().isEmpty(), m.penalties().toString());
            assertEquals(0, m.router().counters().rejected());
        }
    }

    @Test
    void peerLeavingIsForgottenAndMessagesStillFlowAmongTheRest() throws Exception {
        Member a = member();
        Member b = member();
        Member c = member();
        for (Member m : List.of(b, c)) {
            m.node().connect(a.node().listenAddresses().get(0).withPeerId(a.node().peerId().toBytes()))
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        await("a knows b and c", () -> a.router().topicPeers(TOPIC).join().size() == 2);

        c.node().disconnect(a.node().peerId()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        await("a forgot c", () -> !a.router().topicPeers(TOPIC).join().contains(c.node().peerId()));

        b.router().publish(TOPIC, "still here".getBytes(StandardCharsets.UTF_8));
        assertEquals("still here via " + b.node().peerId(), a.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
    }

    /**
     * A peer that does not serve pubsub (so we hold no outbound link to it) opens a pubsub stream and sends a
     * well-framed RPC that is no protobuf: the stream is closed at once and the peer penalised, while its connection
     * stays up for the ban manager to judge.
     */
    @Test
    void aGarbageRpcOnAnInboundStreamClosesThatStreamAtOnce() throws Exception {
        Member a = member();
        P2PNode raw = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").psk(TERANODE_PSK).ioThreads(1).build());
        cleanup.add(raw);
        raw.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        raw.connect(a.node().listenAddresses().get(0).withPeerId(a.node().peerId().toBytes()))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        io.netty.channel.Channel stream = raw.newStream(a.node().peerId(), "/meshsub/1.1.0")
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        // length 3, then a field tag with wire type 7, which protobuf refuses
        stream.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {3, (byte) 0xff, (byte) 0xff, 0x07}));

        assertTrue(stream.closeFuture().await(DEADLINE.toMillis()), "the garbage stream is still open");
        await("a penalises the sender", () -> a.penalties().stream()
                .anyMatch(p -> p.startsWith(raw.peerId() + " PROTOCOL_VIOLATION")));
        assertEquals(1, a.router().counters().protocolViolations());
        assertTrue(a.node().isConnected(raw.peerId()), "the connection is the ban manager's to close");
    }
}
