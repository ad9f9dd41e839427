package p2p.app.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.app.config.Settings;
import p2p.app.config.SettingsLoader;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.host.ConnectionGater;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.peeraddr.PeerAddrProtocol;
import p2p.node.peercache.CachedPeer;
import p2p.node.peercache.PeerCache;
import p2p.node.pubsub.GossipConfig;
import p2p.node.pubsub.Gossipsub;
import p2p.node.pubsub.PeerPenaltyListener;
import p2p.testkit.Await;

/** {@code p2p_protocol} picks the parts: the 2025 host as before, the 2026 host as go-p2p-message-bus builds it. */
class ProtocolGenerationTest {
    @TempDir
    Path dir;

    private Settings settings(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("p2p_data_dir", dir.toString(),
                "p2p_listen_addresses", "127.0.0.1", "p2p_port", "0", "network", "teratestnet"));
        env.putAll(extra);
        return SettingsLoader.load(List.of(), env);
    }

    /** GetPeers leaves out each generation's bootstrap peers, read from that generation's setting only. */
    @Test
    void eachGenerationLeavesOutTheBootstrapPeersOfItsOwnSetting() {
        String boot = "12D3KooWH5JVqGdaw7JEizmysCfRRcPGTFfvRJF7Hkure7oQWYnb";
        String other = "12D3KooW9z2JRV37TqsmU8sDQcSQDZGSgtPpvWUmVegYxYvXfW9H";
        Settings s2026 = settings(Map.of("p2p_protocol", "teranode-2026",
                "p2p_bootstrap_peers", "/ip4/10.0.0.1/tcp/9905/p2p/" + boot,
                "p2p_bootstrapAddresses", "/ip4/10.0.0.2/tcp/9905/p2p/" + other));
        var in2026 = ProtocolGeneration.of(s2026).bootstrapPeers(s2026);
        assertTrue(in2026.test(p2p.node.crypto.PeerId.parse(boot)));
        assertFalse(in2026.test(p2p.node.crypto.PeerId.parse(other)), "the 2025 setting means nothing in 2026");
        Settings s2025 = settings(Map.of("p2p_bootstrapAddresses", "/ip4/10.0.0.2/tcp/9905/p2p/" + other));
        var in2025 = ProtocolGeneration.of(s2025).bootstrapPeers(s2025);
        assertTrue(in2025.test(p2p.node.crypto.PeerId.parse(other)));
        assertFalse(in2025.test(p2p.node.crypto.PeerId.parse(boot)));
    }

    @Test
    void theDefaultIsThe2025GenerationWithItsPsk() {
        Settings s = settings(Map.of());
        assertInstanceOf(ProtocolGeneration.Teranode2025.class, ProtocolGeneration.of(s));
        NodeConfig config = ProtocolGeneration.of(s).nodeConfig(s, ConnectionGater.ALLOW_ALL,
                Ed25519PrivKey.generate(new SecureRandom()));
        assertTrue(config.psk().isPresent());
        assertEquals("ipfs/0.1.0", config.protocolVersion());
        assertFalse(config.signedPeerRecords());
    }

    @Test
    void the2026HostHasNoPskSignsItsRecordAndNamesTheNetwork() {
        Settings s = settings(Map.of("p2p_protocol", "teranode-2026"));
        ProtocolGeneration generation = ProtocolGeneration.of(s);
        assertInstanceOf(ProtocolGeneration.Teranode2026.class, generation);
        NodeConfig config = generation.nodeConfig(s, ConnectionGater.ALLOW_ALL,
                Ed25519PrivKey.generate(new SecureRandom()));
        assertTrue(config.psk().isEmpty());
        assertEquals("/teranode/bitcoin/teratestnet/1.0.0", config.protocolVersion());
        assertTrue(config.signedPeerRecords());
        assertEquals(List.of("teranode/bitcoin/1.0.0/teratestnet-block", "teranode/bitcoin/1.0.0/teratestnet-subtree",
                "teranode/bitcoin/1.0.0/teratestnet-node_status", "teranode/bitcoin/1.0.0/teratestnet-rejected_tx"),
                ProtocolGeneration.Teranode2026.topics(s));
    }

    @Test
    void onlyThe2026GenerationRunsGossipsubPeerExchange() {
        assertFalse(ProtocolGeneration.of(settings(Map.of())).gossipConfig().peerExchange(),
                "Teranode 2025 had no PX");
        GossipConfig px = ProtocolGeneration.of(settings(Map.of("p2p_protocol", "teranode-2026"))).gossipConfig();
        assertTrue(px.peerExchange());
        assertEquals(GossipConfig.defaults().withPeerExchange(true), px, "otherwise the spec's parameters");
    }

    @Test
    void theNodeStatusTopicFollowsItsSetting() {
        Settings s = settings(Map.of("p2p_protocol", "teranode-2026", "p2p_node_status_topic", "status",
                "p2p_block_topic", "blocks"));
        assertEquals("teranode/bitcoin/1.0.0/teratestnet-status",
                ProtocolGeneration.Teranode2026.topicNames(s).nodeStatus());
        assertEquals(List.of("teranode/bitcoin/1.0.0/teratestnet-blocks", "teranode/bitcoin/1.0.0/teratestnet-subtree",
                "teranode/bitcoin/1.0.0/teratestnet-status", "teranode/bitcoin/1.0.0/teratestnet-rejected_tx"),
                ProtocolGeneration.Teranode2026.topics(s));
    }

    @Test
    void the2026PartsWriteThePeerCacheAtStopAndDialItsPeersAtStart() throws Exception {
        Settings first = settings(Map.of("p2p_protocol", "teranode-2026", "p2p_allow_private_ips", "true",
                "p2p_peer_cache_dir", dir.resolve("cache").toString()));
        Settings other = settings(Map.of("p2p_protocol", "teranode-2026", "p2p_allow_private_ips", "true",
                "p2p_data_dir", dir.resolve("other").toString()));
        ProtocolGeneration generation = ProtocolGeneration.of(first);
        try (P2PNode a = new P2PNode(generation.nodeConfig(first, ConnectionGater.ALLOW_ALL, Ed25519PrivKey.generate(new SecureRandom())));
             P2PNode b = new P2PNode(generation.nodeConfig(other, ConnectionGater.ALLOW_ALL, Ed25519PrivKey.generate(new SecureRandom())))) {
            a.start().get(10, TimeUnit.SECONDS);
            b.start().get(10, TimeUnit.SECONDS);
            // The cache names a peer as it names itself (its node_status client name, from the server).
            try (AutoCloseable parts = generation.start(first, a, gossip(a, generation), peer -> false,
                    peer -> peer.equals(b.peerId()) ? "teranode-b" : "")) {
                a.connect(b.listenAddresses().get(0).withPeerId(b.peerId().toBytes())).get(10, TimeUnit.SECONDS);
                Await.until("a to hold b's signed record", Duration.ofSeconds(10),
                        () -> a.peerRecord(b.peerId()).isPresent());
            }
            List<CachedPeer> cached = new PeerCache(
                    dir.resolve("cache"), InstantSource.system()).load();
            assertEquals(List.of(b.peerId()), cached.stream().map(CachedPeer::id).toList());
            assertEquals(List.of("teranode-b"), cached.stream().map(CachedPeer::name).toList());
            a.disconnect(b.peerId()).get(10, TimeUnit.SECONDS);
            Await.until("a to drop b", Duration.ofSeconds(10), () -> !a.isConnected(b.peerId()));
            try (AutoCloseable restarted = generation.start(first, a, gossip(a, generation), peer -> false, peer -> "")) {
                Await.until("a to dial its cached peer b", Duration.ofSeconds(10),
                        () -> a.isConnected(b.peerId()));
            }
        }
    }

    @Test
    void twoNodesOnThe2026ProfileConnectOnlyWhenPrivateAddressesAreAllowed() throws Exception {
        Settings open = settings(Map.of("p2p_protocol", "teranode-2026", "p2p_allow_private_ips", "true"));
        Settings strict = settings(Map.of("p2p_protocol", "teranode-2026",
                "p2p_data_dir", dir.resolve("strict").toString()));
        ProtocolGeneration generation = ProtocolGeneration.of(open);
        try (P2PNode a = new P2PNode(generation.nodeConfig(open, ConnectionGater.ALLOW_ALL, Ed25519PrivKey.generate(new SecureRandom())));
             P2PNode b = new P2PNode(generation.nodeConfig(strict, ConnectionGater.ALLOW_ALL, Ed25519PrivKey.generate(new SecureRandom())))) {
            a.start().get(10, TimeUnit.SECONDS);
            b.start().get(10, TimeUnit.SECONDS);
            try (AutoCloseable parts = generation.start(open, a, gossip(a, generation), peer -> false, peer -> "")) {
                assertTrue(a.protocols().contains(PeerAddrProtocol.PROTOCOL_ID));
                // b refuses to dial a loopback address: p2p_allow_private_ips is off there.
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> b.connect(a.listenAddresses().get(0).withPeerId(a.peerId().toBytes()))
                                .get(10, TimeUnit.SECONDS));
                assertFalse(b.isConnected(a.peerId()), refused.toString());
                // a allows private addresses and reaches b; b's gater refuses the connection it did not dial.
                assertThrows(ExecutionException.class, () -> a.connect(b.listenAddresses().get(0)
                        .withPeerId(b.peerId().toBytes())).get(10, TimeUnit.SECONDS));
                try (P2PNode c = new P2PNode(generation.nodeConfig(settings(Map.of("p2p_protocol", "teranode-2026",
                        "p2p_allow_private_ips", "true", "p2p_data_dir", dir.resolve("c").toString())),
                        ConnectionGater.ALLOW_ALL, Ed25519PrivKey.generate(new SecureRandom())))) {
                    c.start().get(10, TimeUnit.SECONDS);
                    c.connect(a.listenAddresses().get(0).withPeerId(a.peerId().toBytes())).get(10, TimeUnit.SECONDS);
                    assertEquals("/teranode/bitcoin/teratestnet/1.0.0",
                            c.identify(a.peerId()).get(10, TimeUnit.SECONDS).protocolVersion());
                }
            }
        }
    }

    /** A bootstrap peer that grants every RESERVE for an hour (hand-encoded HopMessage STATUS OK + Reservation). */
    private static void serveHopGrantingReservations(P2PNode relay) {
        relay.setStreamHandler("/libp2p/circuit/relay/0.2.0/hop", (stream, peer) -> stream.pipeline().addLast(
                new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                        io.netty.util.ReferenceCountUtil.release(msg);
                        long expire = java.time.Instant.now().plusSeconds(3600).getEpochSecond();
                        io.netty.buffer.ByteBuf reservation = io.netty.buffer.Unpooled.buffer();
                        reservation.writeByte(0x08);
                        p2p.node.wire.Varint.write(reservation, expire);
                        io.netty.buffer.ByteBuf body = io.netty.buffer.Unpooled.buffer();
                        body.writeBytes(new byte[] {0x08, 0x02, 0x28, 0x64, 0x1a});
                        p2p.node.wire.Varint.write(body, reservation.readableBytes());
                        body.writeBytes(reservation);
                        io.netty.buffer.ByteBuf framed = io.netty.buffer.Unpooled.buffer();
                        p2p.node.wire.Varint.write(framed, body.readableBytes());
                        framed.writeBytes(body);
                        ctx.writeAndFlush(framed).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                    }
                }));
    }

    @Test
    void the2026ProfileReservesOnItsBootstrapPeerWhenOnlyPrivateAddressesAreAdvertisedAndAdvertisesTheCircuit()
            throws Exception {
        Settings base = settings(Map.of("p2p_protocol", "teranode-2026", "p2p_allow_private_ips", "true"));
        ProtocolGeneration generation = ProtocolGeneration.of(base);
        try (P2PNode bootstrap = new P2PNode(generation.nodeConfig(base, ConnectionGater.ALLOW_ALL,
                Ed25519PrivKey.generate(new SecureRandom())))) {
            bootstrap.start().get(10, TimeUnit.SECONDS);
            serveHopGrantingReservations(bootstrap);
            p2p.node.multiaddr.Multiaddr relayAddr = bootstrap.listenAddresses().get(0)
                    .withPeerId(bootstrap.peerId().toBytes());
            // p2p_relay_reservations is left at auto: 127.0.0.1 is no public address, so the node reserves.
            Settings s = settings(Map.of("p2p_protocol", "teranode-2026", "p2p_allow_private_ips", "true",
                    "p2p_bootstrap_peers", relayAddr.toString(), "p2p_data_dir", dir.resolve("a").toString()));
            try (P2PNode a = new P2PNode(generation.nodeConfig(s, ConnectionGater.ALLOW_ALL,
                    Ed25519PrivKey.generate(new SecureRandom())));
                 AutoCloseable parts = startAfter(a, generation, s)) {
                p2p.node.multiaddr.Multiaddr circuit = relayAddr.encapsulate("/p2p-circuit");
                Await.until("a to advertise its relay address", Duration.ofSeconds(20),
                        () -> a.advertisedAddresses().contains(circuit));
                assertTrue(a.protocols().contains("/libp2p/circuit/relay/0.2.0/stop"));
                Await.until("the bootstrap peer to hear it by identify push", Duration.ofSeconds(20),
                        () -> bootstrap.peer(a.peerId()).map(p -> p.listenAddrs().contains(circuit)).orElse(false));
                Await.until("a's signed peer record to carry it", Duration.ofSeconds(20),
                        () -> bootstrap.peerRecord(a.peerId()).map(r -> r.addresses().contains(circuit)).orElse(false));
            }
        }
    }

    /** Gossipsub on {@code node}, started once per node (discovery asks it for the topic peers it protects). */
    private final Map<P2PNode, Gossipsub> gossip = new HashMap<>();

    private Gossipsub gossip(P2PNode node, ProtocolGeneration generation) {
        return gossip.computeIfAbsent(node, n -> Gossipsub.start(n, generation.gossipConfig(), PeerPenaltyListener.NONE));
    }

    private AutoCloseable startAfter(P2PNode node, ProtocolGeneration generation, Settings s) throws Exception {
        node.start().get(10, TimeUnit.SECONDS);
        return generation.start(s, node, gossip(node, generation), peer -> false, peer -> "");
    }
}
