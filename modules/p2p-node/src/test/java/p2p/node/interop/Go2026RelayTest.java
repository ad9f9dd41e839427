package p2p.node.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.dht.AddressFilter;
import p2p.node.dht.P2PNodeDhtNetwork;
import p2p.node.dht.StaticPeers;
import p2p.node.host.ConnectionGater;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.PeerRefusedException;
import p2p.node.host.TestProtocols;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.relay.CircuitAddress;
import p2p.node.relay.RelayClient;
import p2p.node.relay.RelayRefusedException;
import p2p.node.relay.RelayStatus;
import p2p.node.relay.ReservationKeeper;
import p2p.testkit.Await;
import p2p.testkit.go.GoPeer;

/**
 * Circuit relay v2 against go-libp2p v0.48 (spec teranode-2026.md 1.1-1.2: the bus reserves on its bootstrap peers,
 * which relay): a Go peer runs the relay service; the Java node reserves on it and is reached through it by a Go peer
 * that knows only the circuit address, and dials a Go peer that reserved there. Streams run both ways over the
 * relayed connections, which are upgraded (Noise, yamux) end to end like direct ones.
 */
@Tag("interop")
class Go2026RelayTest {
    private static final String VERSION = "/teranode/bitcoin/regtest/1.0.0";
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final InteropFixture fixture = InteropFixture.go();

    private P2PNode javaNode(ConnectionGater gater) throws Exception {
        P2PNode node = fixture.start(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0")
                .gater(gater)
                .protocolVersion(VERSION)
                .signedPeerRecords(true)
                .ioThreads(2)
                .build());
        TestProtocols.serve(node);
        return node;
    }

    private GoPeer goPeer(Object... extra) throws Exception {
        Map<String, Object> config = GoPeer.config("dht", false, "pubsub", false,
                "bus2026", Map.of("protocolVersion", VERSION, "allowPrivateIPs", true));
        config.putAll(GoPeer.config(extra));
        GoPeer peer = GoPeer.start2026(config);
        fixture.closeAfter(peer);
        return peer;
    }

    private GoPeer goRelay() throws Exception {
        return goPeer("relay2026", Map.of("service", true));
    }

    private static byte[] echo(P2PNode node, PeerId peer, byte[] data) throws Exception {
        CompletableFuture<byte[]> echoed = new CompletableFuture<>();
        node.newStream(peer, TestProtocols.ECHO, stream -> TestProtocols.collect(stream).whenComplete((b, e) -> {
            if (e != null) {
                echoed.completeExceptionally(e);
            } else {
                echoed.complete(b);
            }
        })).thenAccept(stream -> TestProtocols.sendAndHalfClose(stream, data));
        return echoed.get(30, TimeUnit.SECONDS);
    }

    private static boolean isCircuit(Multiaddr address) {
        return CircuitAddress.isCircuit(address);
    }

    @Test
    void aGoPeerThatKnowsOnlyTheCircuitAddressReachesJavaThroughItsReservationOnAGoRelay() throws Exception {
        GoPeer relay = goRelay();
        PeerId relayId = PeerId.parse(relay.peerId());
        P2PNode java = javaNode(ConnectionGater.ALLOW_ALL);
        RelayClient client = RelayClient.install(java);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        fixture.closeAfter(scheduler::shutdownNow);
        ReservationKeeper keeper = new ReservationKeeper(client, Set.of(relayId)::contains, scheduler, Clock.systemUTC(),
                Duration.ofSeconds(1), Duration.ofSeconds(30));
        fixture.closeAfter(keeper);
        keeper.start();
        java.connect(Multiaddr.parse(relay.dialAddress())).get(30, TimeUnit.SECONDS);

        Await.until("a circuit address in what java advertises", Duration.ofSeconds(30),
                () -> java.advertisedAddresses().stream().anyMatch(Go2026RelayTest::isCircuit));
        Multiaddr circuit = java.advertisedAddresses().stream().filter(Go2026RelayTest::isCircuit).findFirst()
                .orElseThrow().withPeerId(java.peerId().toBytes());
        assertEquals(relayId, CircuitAddress.parse(circuit).relay());
        assertTrue(client.reservation(relayId).isPresent());

        // The second Go peer is given only the circuit address: go-libp2p dials the relay, then CONNECTs.
        GoPeer remote = goPeer();
        PeerId remoteId = PeerId.parse(remote.peerId());
        Map<String, Object> echoed = remote.call(CALL, "cmd", "relayEcho", "addr", circuit.toString(), "bytes", 4096);
        assertTrue(echoed.containsKey("ms"), echoed.toString());
        Map<String, Object> relayed = remote.call(CALL, "cmd", "relayed", "peer", java.peerId().toBase58());
        assertEquals(true, relayed.get("limited"), relayed.toString());

        // Java sees an inbound relayed connection and opens streams on it the other way.
        PeerInfo seen = java.peer(remoteId).orElseThrow();
        assertTrue(isCircuit(seen.remoteAddress()), seen.toString());
        byte[] data = new byte[3000];
        RANDOM.nextBytes(data);
        assertArrayEquals(data, echo(java, remoteId, data));
        java.ping(remoteId).get(30, TimeUnit.SECONDS);
    }

    @Test
    void javaDialsAGoPeerThroughTheGoRelayItReservedOn() throws Exception {
        GoPeer relay = goRelay();
        GoPeer target = goPeer();
        PeerId targetId = PeerId.parse(target.peerId());
        @SuppressWarnings("unchecked")
        List<String> circuits = (List<String>) target.call(CALL, "cmd", "relayReserve", "addr", relay.dialAddress())
                .get("circuitAddrs");
        P2PNode java = javaNode(ConnectionGater.ALLOW_ALL);
        RelayClient.install(java);

        // Not connected to the relay yet: the dial connects to it first.
        PeerInfo peer = java.connect(Multiaddr.parse(circuits.get(0))).get(30, TimeUnit.SECONDS);
        assertEquals(targetId, peer.peerId());
        assertTrue(isCircuit(peer.remoteAddress()), peer.toString());
        assertTrue(java.isConnected(PeerId.parse(relay.peerId())));
        byte[] data = new byte[2000];
        RANDOM.nextBytes(data);
        assertArrayEquals(data, echo(java, targetId, data));
        Map<String, Object> ping = target.call(CALL, "cmd", "relayPing", "peer", java.peerId().toBase58());
        assertTrue(ping.containsKey("rttMs"), ping.toString());
    }

    @Test
    void aTargetWithoutAReservationIsRefusedByTheGoRelayWithNoReservationNamingTheRelay() throws Exception {
        GoPeer relay = goRelay();
        GoPeer target = goPeer();
        target.call(CALL, "cmd", "dial", "addr", relay.dialAddress());
        P2PNode java = javaNode(ConnectionGater.ALLOW_ALL);
        RelayClient.install(java);
        Multiaddr circuit = Multiaddr.parse(relay.dialAddress() + "/p2p-circuit/p2p/" + target.peerId());

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> java.connect(circuit).get(30, TimeUnit.SECONDS));
        RelayRefusedException refused = assertInstanceOf(RelayRefusedException.class, failed.getCause());
        assertEquals(RelayStatus.NO_RESERVATION, refused.status());
        assertTrue(refused.getMessage().contains(relay.peerId()), refused.getMessage());
        // The relay connection is unharmed.
        java.ping(PeerId.parse(relay.peerId())).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aBannedTargetIsRefusedOverARelayJustLikeDirect() throws Exception {
        GoPeer relay = goRelay();
        GoPeer target = goPeer();
        PeerId targetId = PeerId.parse(target.peerId());
        @SuppressWarnings("unchecked")
        List<String> circuits = (List<String>) target.call(CALL, "cmd", "relayReserve", "addr", relay.dialAddress())
                .get("circuitAddrs");
        P2PNode java = javaNode(new ConnectionGater() {
            @Override
            public boolean allowInbound(InetSocketAddress remote) {
                return true;
            }

            @Override
            public boolean allowPeer(PeerId peer, InetSocketAddress remote) {
                return !peer.equals(targetId);
            }
        });
        RelayClient.install(java);

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> java.connect(Multiaddr.parse(circuits.get(0))).get(30, TimeUnit.SECONDS));
        assertInstanceOf(PeerRefusedException.class, failed.getCause(), String.valueOf(failed.getCause()));
        assertTrue(java.isConnected(PeerId.parse(relay.peerId())));
        assertTrue(java.peer(targetId).isEmpty());
    }

    @Test
    void aStaticPeerKnownOnlyByItsCircuitAddressIsKeptConnectedThroughTheRelay() throws Exception {
        GoPeer relay = goRelay();
        GoPeer target = goPeer();
        PeerId targetId = PeerId.parse(target.peerId());
        @SuppressWarnings("unchecked")
        List<String> circuits = (List<String>) target.call(CALL, "cmd", "relayReserve", "addr", relay.dialAddress())
                .get("circuitAddrs");
        P2PNode java = javaNode(ConnectionGater.ALLOW_ALL);
        RelayClient.install(java);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        fixture.closeAfter(scheduler::shutdownNow);
        // The dialer static peers, bootstrap peers, the peer cache and discovery use.
        P2PNodeDhtNetwork network = new P2PNodeDhtNetwork(java, "/ipfs/kad/1.0.0", AddressFilter.DEFAULT);
        StaticPeers statics = new StaticPeers(List.of(Multiaddr.parse(circuits.get(0))), network.dialer(),
                java::isConnected, StaticPeers.Timing.DEFAULT, scheduler, InstantSource.system());
        fixture.closeAfter(statics);
        statics.start();
        Await.until("the static peer connected through the relay", Duration.ofSeconds(30),
                () -> java.peer(targetId).map(p -> isCircuit(p.remoteAddress())).orElse(false));
        java.ping(targetId).get(30, TimeUnit.SECONDS);
    }
}
