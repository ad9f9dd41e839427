package p2p.node.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.dht.AddressFilter;
import p2p.node.dht.DhtConfig;
import p2p.node.dht.DhtMode;
import p2p.node.dht.DhtPeer;
import p2p.node.dht.DhtProtocol;
import p2p.node.dht.KademliaDht;
import p2p.node.dht.NamespaceCid;
import p2p.node.dht.P2PNodeDhtNetwork;
import p2p.node.host.ConnectionGater;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerRecord;
import p2p.node.host.PrivateAddressGater;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.peeraddr.PeerAddrProtocol;
import p2p.testkit.Await;
import p2p.testkit.go.GoPeer;

/**
 * The Java node on the Teranode 2026 wire against today's Go stack: the Go test peer built against go-libp2p v0.48.0,
 * go-libp2p-pubsub v0.15.0 and go-libp2p-kad-dht v0.39.1 and configured as go-p2p-message-bus v0.1.17 configures it
 * (spec teranode-2026.md 1.1: TCP only, no PSK, TLS offered first, yamux, connection manager, PX, private IPs allowed
 * as interop on loopback needs). Proven each way: connect, identify with signed peer records and the 2026
 * protocolVersion, peer-addr-request, the {@code /ipfs/kad/1.0.0} DHT in server mode; and the private-address gater.
 */
@Tag("interop")
class Go2026InteropTest {
    private static final String VERSION = "/teranode/bitcoin/regtest/1.0.0";
    private static final String KAD = DhtProtocol.protocolId(DhtProtocol.IPFS_PREFIX, true);
    private static final String TOPIC = "teranode/bitcoin/1.0.0/regtest-block";
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final InteropFixture fixture = InteropFixture.go();

    private P2PNode javaNode(ConnectionGater gater) throws Exception {
        P2PNode node = fixture.start(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0")
                .gater(gater)
                .agentVersion("java-2026/1.0")
                .protocolVersion(VERSION)
                .signedPeerRecords(true)
                .ioThreads(2)
                .build());
        PeerAddrProtocol.serve(node);
        return node;
    }

    private P2PNode javaNode() throws Exception {
        return javaNode(new PrivateAddressGater(true, ConnectionGater.ALLOW_ALL));
    }

    /** The Go peer as the bus configures it; {@code extra} adds or overrides config keys. */
    private GoPeer goPeer(Object... extra) throws Exception {
        Map<String, Object> config = GoPeer.config("agentVersion", "go-2026/1.0", "dht", false,
                "bus2026", Map.of("protocolVersion", VERSION, "allowPrivateIPs", true));
        config.putAll(GoPeer.config(extra));
        GoPeer peer = GoPeer.start2026(config);
        fixture.closeAfter(peer);
        return peer;
    }

    private static Multiaddr dialAddress(P2PNode node) {
        return node.listenAddresses().get(0).withPeerId(node.peerId().toBytes());
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), condition);
    }

    private static PeerId connect(P2PNode java, GoPeer go, boolean javaDials) throws Exception {
        PeerId goId = PeerId.parse(go.peerId());
        if (javaDials) {
            java.connect(Multiaddr.parse(go.dialAddress())).get(30, TimeUnit.SECONDS);
        } else {
            assertEquals(java.peerId().toBase58(), go.call(CALL, "cmd", "dial", "addr", dialAddress(java).toString())
                    .get("peerId"));
            await("java to register the go connection", () -> java.isConnected(goId));
        }
        return goId;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return (List<String>) list;
    }

    @ParameterizedTest(name = "java dials: {0}")
    @ValueSource(booleans = {true, false})
    void connectsWithoutPskOnNoiseAndYamuxAndBothSidesVerifyTheOthersSignedPeerRecord(boolean javaDials)
            throws Exception {
        P2PNode java = javaNode();
        GoPeer go = goPeer();
        PeerId goId = connect(java, go, javaDials);

        // Go offers /tls/1.0.0 first (go-libp2p's default security); Java answers na and Noise is agreed.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> conns = (List<Map<String, Object>>) go.call(CALL, "cmd", "connections", "peer",
                java.peerId().toBase58()).get("connections");
        assertEquals(1, conns.size(), conns.toString());
        assertEquals("/noise", conns.get(0).get("security"));
        assertEquals("/yamux/1.0.0", conns.get(0).get("muxer"));
        assertEquals(javaDials ? "Inbound" : "Outbound", conns.get(0).get("direction"));

        // Identify, Java reading Go: the 2026 protocolVersion and a signed peer record that verifies.
        assertEquals(VERSION, java.identify(goId).get(30, TimeUnit.SECONDS).protocolVersion());
        await("java to hold go's signed peer record", () -> java.peerRecord(goId).isPresent());
        PeerRecord goRecord = java.peerRecord(goId).orElseThrow();
        assertEquals(goId, goRecord.peer());
        assertTrue(goRecord.addresses().contains(Multiaddr.parse(go.dialAddress()).withoutPeerId()),
                goRecord.addresses().toString());

        // Identify, Go reading Java: go-libp2p's certified address book took our envelope.
        Map<String, Object> fromJava = go.call(CALL, "cmd", "identify", "peer", java.peerId().toBase58(),
                "timeoutMs", 20000);
        assertEquals(VERSION, fromJava.get("protocolVersion"));
        assertTrue(strings(fromJava.get("protocols")).contains(PeerAddrProtocol.PROTOCOL_ID), fromJava.toString());
        Await.until("go to verify and keep java's signed peer record", Duration.ofSeconds(20), () -> {
            try {
                go.call(CALL, "cmd", "peerRecord", "peer", java.peerId().toBase58());
                return true;
            } catch (GoPeer.GoCommandException none) {
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, Object> record = go.call(CALL, "cmd", "peerRecord", "peer", java.peerId().toBase58());
        assertEquals(java.peerId().toBase58(), record.get("peerId"));
        assertEquals(java.advertisedAddresses().stream().map(Multiaddr::toString).toList(), strings(record.get("addrs")));
        assertTrue(java.ping(goId).get(30, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void javaAsksGoForTheAddressesOfAPeerItHasNotMet() throws Exception {
        P2PNode asker = javaNode();
        P2PNode stranger = javaNode();
        GoPeer go = goPeer();
        PeerId goId = connect(stranger, go, true);
        connect(asker, go, true);
        assertFalse(asker.isConnected(stranger.peerId()));
        Await.until("go to learn the stranger's addresses by identify", Duration.ofSeconds(20), () -> {
            try {
                return !PeerAddrProtocol.request(asker, goId, stranger.peerId()).get(30, TimeUnit.SECONDS).isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Multiaddr> learned = PeerAddrProtocol.request(asker, goId, stranger.peerId()).get(30, TimeUnit.SECONDS);
        assertTrue(learned.contains(stranger.listenAddresses().get(0)), learned.toString());

        assertEquals(List.of(), PeerAddrProtocol.request(asker, goId,
                PeerId.fromPublicKey(Ed25519PrivKey.generate(RANDOM).publicKey())).get(30, TimeUnit.SECONDS));
        asker.connect(stranger.listenAddresses().get(0).withPeerId(stranger.peerId().toBytes()))
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void goAsksJavaForTheAddressesOfAPeerItHasNotMet() throws Exception {
        P2PNode java = javaNode();
        GoPeer asker = goPeer();
        GoPeer stranger = goPeer();
        connect(java, stranger, false);
        connect(java, asker, false);
        PeerId strangerId = PeerId.parse(stranger.peerId());
        await("java to hold the stranger's signed peer record", () -> java.peerRecord(strangerId).isPresent());

        Map<String, Object> reply = asker.call(CALL, "cmd", "peerAddrRequest", "peer", java.peerId().toBase58(),
                "target", stranger.peerId());
        assertTrue(strings(reply.get("addrs")).contains(Multiaddr.parse(stranger.dialAddress()).withoutPeerId()
                .toString()), reply.toString());
        // About ourselves, we answer our own addresses.
        Map<String, Object> self = asker.call(CALL, "cmd", "peerAddrRequest", "peer", java.peerId().toBase58(),
                "target", java.peerId().toBase58());
        assertEquals(java.advertisedAddresses().stream().map(Multiaddr::toString).toList(), strings(self.get("addrs")));
        // Garbage from Go is refused with a reset; the connection and the protocol go on.
        assertThrows(GoPeer.GoCommandException.class, () -> asker.call(CALL, "cmd", "peerAddrRequest", "peer",
                java.peerId().toBase58(), "target", "not a peer id"));
        assertTrue(java.isConnected(PeerId.parse(asker.peerId())));
        assertEquals(strings(self.get("addrs")), strings(asker.call(CALL, "cmd", "peerAddrRequest", "peer",
                java.peerId().toBase58(), "target", java.peerId().toBase58()).get("addrs")));
    }

    @Test
    void dhtServerModeOnIpfsKadFindsProvidersBothWays() throws Exception {
        P2PNode java = javaNode();
        P2PNodeDhtNetwork network = new P2PNodeDhtNetwork(java, KAD, AddressFilter.DEFAULT);
        KademliaDht dht = new KademliaDht(DhtMode.SERVER.network(network), DhtConfig.defaults(KAD), null,
                InstantSource.system());
        fixture.closeAfter(dht);
        dht.start();
        GoPeer go = goPeer("dht", true, "dhtProtocolPrefix", DhtProtocol.IPFS_PREFIX,
                "bootstrap", List.of(dialAddress(java).toString()));
        PeerId goId = PeerId.parse(go.peerId());
        await("java to take go into its routing table", () -> dht.routingTable().size() == 1);
        assertTrue(java.peer(goId).orElseThrow().protocols().contains(KAD));
        // Go's table takes Java only after its own checks of the new peer: providing before that finds no peer.
        await("go to take java into its routing table", () -> {
            try {
                return strings(go.call(CALL, "cmd", "routingTable").get("peers")).contains(java.peerId().toBase58());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // Go advertises the topic; Java finds it as a provider under /ipfs/kad/1.0.0.
        go.call(CALL, "cmd", "provide", "namespace", TOPIC, "timeoutMs", 20000);
        byte[] key = NamespaceCid.of(TOPIC).multihash();
        await("java to find go as a provider of " + TOPIC, () -> {
            try {
                return dht.findProviders(key, 5).get(30, TimeUnit.SECONDS).stream().map(DhtPeer::id)
                        .anyMatch(goId::equals);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // Java advertises another topic; Go finds Java.
        String other = "teranode/bitcoin/1.0.0/regtest-subtree";
        assertEquals(1, dht.provide(NamespaceCid.of(other).multihash()).get(30, TimeUnit.SECONDS));
        Map<String, Object> found = go.call(CALL, "cmd", "findProviders", "namespace", other, "timeoutMs", 20000);
        @SuppressWarnings("unchecked")
        Set<String> providers = ((List<Map<String, Object>>) found.get("providers")).stream()
                .map(p -> (String) p.get("peerId")).collect(Collectors.toSet());
        assertEquals(Set.of(java.peerId().toBase58()), providers);
    }

    @Test
    void thePrivateAddressGaterRefusesALoopbackPeerWhenPrivateIpsAreNotAllowed() throws Exception {
        P2PNode strict = javaNode(new PrivateAddressGater(false, ConnectionGater.ALLOW_ALL));
        GoPeer go = goPeer();
        // Java refuses to dial Go's loopback address...
        assertThrows(ExecutionException.class,
                () -> strict.connect(Multiaddr.parse(go.dialAddress())).get(30, TimeUnit.SECONDS));
        // ...and closes Go's connection from loopback before any byte.
        assertThrows(GoPeer.GoCommandException.class,
                () -> go.call(CALL, "cmd", "dial", "addr", dialAddress(strict).toString()));
        assertTrue(strict.peers().isEmpty());
        assertTrue(strict.transportStats().gatedInbound() >= 1);

        // The Go side's gater (allowPrivateIPs false) refuses the Java node the same way.
        GoPeer strictGo = goPeer("bus2026", Map.of("protocolVersion", VERSION, "allowPrivateIPs", false));
        P2PNode open = javaNode();
        assertThrows(ExecutionException.class,
                () -> open.connect(Multiaddr.parse(strictGo.dialAddress())).get(30, TimeUnit.SECONDS));
        assertFalse(open.isConnected(PeerId.parse(strictGo.peerId())));
    }
}
