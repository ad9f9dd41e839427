package p2p.node.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.Psk;
import p2p.node.host.ConnectionLimits;
import p2p.node.host.Direction;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.multistream.MultistreamException;
import p2p.testkit.Await;

/** The whole Java stack against itself: tcp + pnet + Noise + yamux, identify, ping, streams, gating, duplicates. */
class P2PNodeTest {
    static final Psk TERANODE_PSK = Psk.fromHex("285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137");
    static final Psk OTHER_PSK = Psk.fromHex("00".repeat(32));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<P2PNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        nodes.forEach(P2PNode::stop);
    }

    private P2PNode node(Optional<Psk> psk, String agent, ConnectionLimits limits) throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0")
                .psk(psk)
                .agentVersion(agent)
                .limits(limits)
                .ioThreads(2)
                .build());
        nodes.add(node);
        TestProtocols.serve(node);
        node.start().get(5, TimeUnit.SECONDS);
        return node;
    }

    private P2PNode node(String agent) throws Exception {
        return node(Optional.of(TERANODE_PSK), agent, ConnectionLimits.DEFAULT);
    }

    static Multiaddr dialAddress(P2PNode node) {
        return node.listenAddresses().get(0).withPeerId(node.peerId().toBytes());
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(10), condition);
    }

    @Test
    void dialProvesThePeerIdAndBothSidesIdentifyEachOther() throws Exception {
        P2PNode a = node("agent-a/1");
        P2PNode b = node("agent-b/2");
        LinkedBlockingQueue<PeerInfo> bConnected = new LinkedBlockingQueue<>();
        b.addListener(new PeerListener() {
            @Override
            public void connected(PeerInfo peer) {
                bConnected.add(peer);
            }
        });

        PeerInfo info = a.connect(dialAddress(b)).get(10, TimeUnit.SECONDS);
        assertEquals(b.peerId(), info.peerId());
        assertEquals(Direction.OUTBOUND, info.direction());
        PeerInfo seenByB = bConnected.poll(10, TimeUnit.SECONDS);
        assertEquals(a.peerId(), seenByB.peerId());
        assertEquals(Direction.INBOUND, seenByB.direction());

        IdentifyInfo bAsSeenByA = a.identify(b.peerId()).get(10, TimeUnit.SECONDS);
        assertEquals("agent-b/2", bAsSeenByA.agentVersion());
        assertEquals(IdentifyInfo.PROTOCOL_VERSION, bAsSeenByA.protocolVersion());
        assertEquals(b.listenAddresses(), bAsSeenByA.listenAddrs());
        assertTrue(bAsSeenByA.protocols().containsAll(List.of("/ipfs/ping/1.0.0", "/ipfs/id/1.0.0",
                "/ipfs/id/push/1.0.0", TestProtocols.ECHO)), bAsSeenByA.protocols().toString());
        assertTrue(bAsSeenByA.publicKey().isPresent());
        IdentifyInfo aAsSeenByB = b.identify(a.peerId()).get(10, TimeUnit.SECONDS);
        assertEquals("agent-a/1", aAsSeenByB.agentVersion());
        // B tells A how it sees A (A's ephemeral port); A reached B at B's listen address.
        assertEquals(a.peer(b.peerId()).orElseThrow().remoteAddress(), b.listenAddresses().get(0));
        assertEquals(Optional.of(b.peer(a.peerId()).orElseThrow().remoteAddress()), bAsSeenByA.observedAddr());

        PeerInfo later = a.peers().get(0);
        assertEquals("agent-b/2", later.agentVersion());
        assertTrue(later.bytesIn() > 0 && later.bytesOut() > 0);
        assertTrue(later.lastReceive().isPresent() && later.lastSend().isPresent());
    }

    @Test
    void pingRoundTripsBothWays() throws Exception {
        P2PNode a = node("a");
        P2PNode b = node("b");
        a.connect(dialAddress(b)).get(10, TimeUnit.SECONDS);
        await(() -> b.isConnected(a.peerId()), "b to see a");
        Duration ab = a.ping(b.peerId()).get(10, TimeUnit.SECONDS);
        Duration ba = b.ping(a.peerId()).get(10, TimeUnit.SECONDS);
        assertTrue(ab.toNanos() > 0);
        assertTrue(ba.toNanos() > 0);
        // Each side's first yamux keepalive PING gives the connection a latency that peer snapshots carry.
        await(() -> a.peer(b.peerId()).flatMap(PeerInfo::latency).isPresent()
                && b.peer(a.peerId()).flatMap(PeerInfo::latency).isPresent(), "both latencies measured");
        assertTrue(a.peer(b.peerId()).orElseThrow().latency().orElseThrow().toNanos() > 0);
    }

    @Test
    void oneMebibyteEchoesBackIntactBothWays() throws Exception {
        P2PNode a = node("a");
        P2PNode b = node("b");
        a.connect(dialAddress(b)).get(10, TimeUnit.SECONDS);
        await(() -> b.isConnected(a.peerId()), "b to see a");
        for (P2PNode[] pair : new P2PNode[][] {{a, b}, {b, a}}) {
            byte[] data = new byte[1 << 20];
            RANDOM.nextBytes(data);
            CompletableFuture<byte[]> echoed = new CompletableFuture<>();
            Channel stream = pair[0].newStream(pair[1].peerId(), TestProtocols.ECHO,
                    s -> TestProtocols.collect(s).whenComplete((bytes, e) -> {
                        if (e != null) {
                            echoed.completeExceptionally(e);
                        } else {
                            echoed.complete(bytes);
                        }
                    })).get(10, TimeUnit.SECONDS);
            TestProtocols.sendAndHalfClose(stream, data);
            assertArrayEquals(data, echoed.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void unservedProtocolFailsTheStreamButNotTheConnection() throws Exception {
        P2PNode a = node("a");
        P2PNode b = node("b");
        a.connect(dialAddress(b)).get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> a.newStream(b.peerId(), "/not/served/1.0.0").get(10, TimeUnit.SECONDS));
        assertInstanceOf(MultistreamException.class, e.getCause());
        assertTrue(a.ping(b.peerId()).get(10, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void wrongPskFailsWithinTheHandshakeTimeoutAndTheListenerKeepsServing() throws Exception {
        ConnectionLimits quick = new ConnectionLimits(64, 8, Duration.ofSeconds(2));
        P2PNode server = node(Optional.of(TERANODE_PSK), "server", quick);
        P2PNode friend = node(Optional.of(TERANODE_PSK), "friend", quick);
        P2PNode stranger = node(Optional.of(OTHER_PSK), "stranger", quick);
        friend.connect(dialAddress(server)).get(10, TimeUnit.SECONDS);

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stranger.connect(dialAddress(server)).get(10, TimeUnit.SECONDS));
        assertFalse(stranger.isConnected(server.peerId()), "failure: " + e.getCause());
        await(() -> server.transportStats().open() == 1, "server to drop the stranger's socket");
        assertTrue(friend.ping(server.peerId()).get(10, TimeUnit.SECONDS).toNanos() > 0);
        assertEquals(List.of(friend.peerId()), server.peers().stream().map(PeerInfo::peerId).toList());
    }

    @Test
    void silentPeerIsClosedAtTheHandshakeTimeout() throws Exception {
        P2PNode server = node(Optional.of(TERANODE_PSK), "server", new ConnectionLimits(64, 8, Duration.ofSeconds(1)));
        InetSocketAddress listen = server.listenAddresses().get(0).toInetSocketAddress();
        try (Socket silent = new Socket(listen.getAddress(), listen.getPort())) {
            silent.setSoTimeout(30_000);
            InputStream in = silent.getInputStream();
            // Hearing nothing, the server closes at the handshake timeout: reading reaches EOF (after at most its
            // 24-byte pnet nonce).
            byte[] received = in.readAllBytes();
            assertTrue(received.length <= 24, "received " + received.length + " bytes");
        }
        await(() -> server.transportStats().open() == 0, "the slot of the silent peer to be released");
    }

    @Test
    void nodeWithoutPskCannotReachPrivateNetwork() throws Exception {
        P2PNode server = node(Optional.of(TERANODE_PSK), "server", new ConnectionLimits(64, 8, Duration.ofSeconds(2)));
        P2PNode open = node(Optional.empty(), "open", new ConnectionLimits(64, 8, Duration.ofSeconds(2)));
        assertThrows(ExecutionException.class, () -> open.connect(dialAddress(server)).get(10, TimeUnit.SECONDS));
        await(() -> server.transportStats().open() == 0, "server to drop the socket");
    }

    @Test
    void dialWithAnotherPeersIdIsRefused() throws Exception {
        P2PNode a = node("a");
        P2PNode b = node("b");
        PeerId impostor = PeerId.fromPublicKey(Ed25519PrivKey.generate(RANDOM).publicKey());
        Multiaddr wrong = b.listenAddresses().get(0).withPeerId(impostor.toBytes());
        assertThrows(ExecutionException.class, () -> a.connect(wrong).get(10, TimeUnit.SECONDS));
        assertFalse(a.isConnected(b.peerId()));
        assertFalse(a.isConnected(impostor));
    }

    @Test
    void gatedAddressIsClosedAndCounted() throws Exception {
        P2PNode a = node("a");
        P2PNode b = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0").psk(TERANODE_PSK)
                .gater(remote -> !remote.getAddress().isLoopbackAddress()).build());
        nodes.add(b);
        b.start().get(5, TimeUnit.SECONDS);
        assertThrows(ExecutionException.class, () -> a.connect(dialAddress(b)).get(10, TimeUnit.SECONDS));
        assertEquals(1, b.transportStats().gatedInbound());
        assertTrue(b.peers().isEmpty());
    }

    @Test
    void gaterRefusingAPeerIdClosesTheAuthenticatedConnection() throws Exception {
        P2PNode a = node("a");
        PeerId aId = a.peerId();
        P2PNode b = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0").psk(TERANODE_PSK)
                .gater(new p2p.node.host.ConnectionGater() {
                    @Override
                    public boolean allowInbound(InetSocketAddress remote) {
                        return true;
                    }

                    @Override
                    public boolean allowPeer(PeerId peer, InetSocketAddress remote) {
                        return !peer.equals(aId);
                    }
                }).build());
        nodes.add(b);
        b.start().get(5, TimeUnit.SECONDS);
        P2PNode c = node("c");
        a.connect(dialAddress(b)).get(10, TimeUnit.SECONDS);
        await(() -> !a.isConnected(b.peerId()) && b.transportStats().open() == 0, "b to close a's connection");
        assertFalse(b.isConnected(aId));
        ExecutionException e = assertThrows(ExecutionException.class, () -> b.connect(dialAddress(a)).get(10, TimeUnit.SECONDS));
        assertInstanceOf(PeerRefusedException.class, e.getCause());
        c.connect(dialAddress(b)).get(10, TimeUnit.SECONDS);
        assertTrue(c.ping(b.peerId()).get(10, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void simultaneousDialsLeaveOneAgreedConnection() throws Exception {
        P2PNode a = node("a");
        P2PNode b = node("b");
        CompletableFuture<PeerInfo> ab = a.connect(dialAddress(b));
        CompletableFuture<PeerInfo> ba = b.connect(dialAddress(a));
        ab.get(10, TimeUnit.SECONDS);
        ba.get(10, TimeUnit.SECONDS);
        await(() -> a.peers().size() == 1 && b.peers().size() == 1 && a.transportStats().open() == 1
                && b.transportStats().open() == 1, "one connection each");
        Direction aSide = a.peers().get(0).direction();
        Direction bSide = b.peers().get(0).direction();
        assertTrue(aSide != bSide, "both ends must keep the same connection");
        boolean aDialsKeeper = a.peerId().compareTo(b.peerId()) < 0;
        assertEquals(aDialsKeeper ? Direction.OUTBOUND : Direction.INBOUND, aSide);
        assertTrue(a.ping(b.peerId()).get(10, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void newProtocolReachesConnectedPeersByIdentifyPush() throws Exception {
        P2PNode a = node("a");
        P2PNode b = node("b");
        a.connect(dialAddress(b)).get(10, TimeUnit.SECONDS);
        a.identify(b.peerId()).get(10, TimeUnit.SECONDS);
        b.setStreamHandler("/late/1.0.0", (stream, peer) -> stream.close());
        await(() -> a.peer(b.peerId()).orElseThrow().protocols().contains("/late/1.0.0"), "identify push");
    }

    @Test
    void disconnectTellsListenersOnBothSides() throws Exception {
        P2PNode a = node("a");
        P2PNode b = node("b");
        LinkedBlockingQueue<PeerId> gone = new LinkedBlockingQueue<>();
        b.addListener(new PeerListener() {
            @Override
            public void disconnected(PeerInfo peer) {
                gone.add(peer.peerId());
            }
        });
        a.connect(dialAddress(b)).get(10, TimeUnit.SECONDS);
        await(() -> b.isConnected(a.peerId()), "b to see a");
        a.disconnect(b.peerId()).get(10, TimeUnit.SECONDS);
        assertEquals(a.peerId(), gone.poll(10, TimeUnit.SECONDS));
        assertFalse(a.isConnected(b.peerId()));
    }

    /**
     * {@code /ip4/0.0.0.0} listens on IPv4 only, as go-libp2p's TCP transport does ("tcp4"), and identify then
     * advertises this machine's IPv4 addresses: a dual-stack socket would report {@code ::} and advertise IPv6 ones
     * only, which IPv4 peers cannot dial back.
     */
    @Test
    void ipv4WildcardListensOnIpv4AndAdvertisesIpv4Addresses() throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/0.0.0.0/tcp/0")
                .ioThreads(1)
                .build());
        nodes.add(node);
        node.start().get(5, TimeUnit.SECONDS);
        List<Multiaddr> bound = node.listenAddresses();
        assertEquals(1, bound.size(), bound.toString());
        int port = bound.get(0).toInetSocketAddress().getPort();
        assertEquals(Multiaddr.parse("/ip4/0.0.0.0/tcp/" + port), bound.get(0));
        List<Multiaddr> advertised = node.advertisedAddresses();
        assertTrue(advertised.contains(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port)), advertised.toString());
        assertTrue(advertised.stream().allMatch(a -> a.toString().startsWith("/ip4/")), advertised.toString());
    }
}
