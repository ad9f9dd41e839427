package p2p.node.pubsub.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.pubsub.ExecutorPubsubLoop;
import p2p.node.pubsub.GossipConfig;
import p2p.node.pubsub.GossipRouter;
import p2p.node.pubsub.PenaltyReason;
import p2p.node.pubsub.PubsubProtocols;
import p2p.testkit.Await;

/**
 * Two Java routers over real Netty channels (in-VM local transport standing in for yamux streams), each on its
 * own loop thread: StrictSign messages both ways, and a hostile stream dropped with a protocol violation.
 */
class NettyPubsubTest {
    private static final String TOPIC = "bitcoin/regtest-block";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private record Node(GossipRouter router, PubsubStreams streams, ExecutorPubsubLoop loop,
            BlockingQueue<String> inbox, List<String> penalties) {
    }

    private final EventLoopGroup group = new DefaultEventLoopGroup(2);
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Node node(int seed) {
        byte[] bytes = new byte[32];
        new Random(seed).nextBytes(bytes);
        ExecutorPubsubLoop loop = new ExecutorPubsubLoop("pubsub-" + seed);
        List<String> penalties = new CopyOnWriteArrayList<>();
        GossipRouter router = GossipRouter.create(GossipConfig.defaults(), Ed25519PrivKey.fromSeed(bytes), loop,
                (peer, reason, detail) -> penalties.add(peer + " " + reason + " " + detail));
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        router.setTopicHandler(TOPIC, (data, from) -> inbox.add(new String(data, StandardCharsets.UTF_8)));
        router.subscribe(TOPIC);
        router.start();
        cleanup.add(router);
        cleanup.add(loop);
        return new Node(router, new PubsubStreams(router, GossipConfig.defaults().maxFrameBytes()), loop, inbox,
                penalties);
    }

    /** A listener that hands every stream opened to {@code to} by {@code fromPeer} to its pubsub reader. */
    private LocalAddress listen(Node to, PeerId fromPeer) throws InterruptedException {
        LocalAddress address = new LocalAddress("pubsub-" + fromPeer.toBase58() + "-" + to.router().localPeer());
        Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        to.streams().inboundStream(ch, fromPeer);
                    }
                })
                .bind(address).sync().channel();
        cleanup.add(server::close);
        return address;
    }

    private Channel dial(LocalAddress address) throws InterruptedException {
        return new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                    }
                })
                .connect(address).sync().channel();
    }

    /** Each side opens its outbound stream to the other, as two libp2p hosts do on connect. */
    private void connect(Node a, Node b) throws InterruptedException {
        LocalAddress intoB = listen(b, a.router().localPeer());
        LocalAddress intoA = listen(a, b.router().localPeer());
        a.streams().outboundStream(dial(intoB), b.router().localPeer(), PubsubProtocols.MESHSUB_V11);
        b.streams().outboundStream(dial(intoA), a.router().localPeer(), PubsubProtocols.MESHSUB_V11);
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, DEADLINE, condition);
    }

    private static boolean knows(Node node, Node peer) {
        return node.router().topicPeers(TOPIC).join().contains(peer.router().localPeer());
    }

    @Test
    void messagesFlowBothWaysOverNettyStreams() throws Exception {
        Node a = node(1);
        Node b = node(2);
        connect(a, b);
        await("subscriptions exchanged", () -> knows(a, b) && knows(b, a));

        a.router().publish(TOPIC, "from a".getBytes(StandardCharsets.UTF_8));
        b.router().publish(TOPIC, "from b".getBytes(StandardCharsets.UTF_8));

        assertEquals("from a", a.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS), "own message delivered");
        assertEquals("from b", a.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        List<String> atB = List.of(b.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS),
                b.inbox().poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertTrue(atB.contains("from a") && atB.contains("from b"), atB.toString());
        assertTrue(a.penalties().isEmpty() && b.penalties().isEmpty());
        assertEquals(0, a.router().counters().rejected() + b.router().counters().rejected());
    }

    @Test
    void hostileStreamIsDroppedAsAProtocolViolation() throws Exception {
        Node b = node(2);
        byte[] seed = new byte[32];
        new Random(9).nextBytes(seed);
        PeerId attacker = PeerId.fromPublicKey(Ed25519PrivKey.fromSeed(seed).publicKey());
        Channel stream = dial(listen(b, attacker));

        stream.writeAndFlush(Unpooled.wrappedBuffer(HexFormat.of().parseHex("ffffffffffffffffffffff"))).sync();

        await("penalty", () -> !b.penalties().isEmpty());
        assertTrue(b.penalties().get(0).contains(attacker + " " + PenaltyReason.PROTOCOL_VIOLATION),
                b.penalties().get(0));
        stream.closeFuture().await(DEADLINE.toMillis());
        assertTrue(!stream.isOpen(), "the hostile stream was closed");
    }
}
