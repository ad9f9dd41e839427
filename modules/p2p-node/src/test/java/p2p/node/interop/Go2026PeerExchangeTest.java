package p2p.node.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.ConnectionGater;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerRecord;
import p2p.node.host.PrivateAddressGater;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.pubsub.GossipConfig;
import p2p.node.pubsub.Gossipsub;
import p2p.node.pubsub.NodePeerExchange;
import p2p.testkit.Await;
import p2p.testkit.go.GoPeer;

/**
 * Gossipsub peer exchange with signed peer records between the Java node and go-libp2p-pubsub v0.15.0 on go-libp2p
 * v0.48.0, configured as go-p2p-message-bus configures it (WithPeerExchange(true); spec teranode-2026.md 1.2). Each
 * direction is arranged so only the PX under test can introduce the third peer: (a) Java's PRUNE on leaving a topic
 * makes a Go peer dial a peer it never met; (b) a Go peer's PRUNE on leaving makes Java dial a peer it never met,
 * from the signed record in the PX.
 */
@Tag("interop")
class Go2026PeerExchangeTest {
    private static final String VERSION = "/teranode/bitcoin/regtest/1.0.0";
    private static final String TOPIC = "teranode/bitcoin/1.0.0/regtest-block";
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final InteropFixture fixture = InteropFixture.go();
    private final Map<P2PNode, Gossipsub> gossip = new java.util.HashMap<>();

    /** A Java node on the 2026 wire with gossipsub subscribed to the topic; PX as {@code gossip} says. */
    private P2PNode javaNode(boolean signedRecords, GossipConfig gossip) throws Exception {
        P2PNode node = fixture.start(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0")
                .gater(new PrivateAddressGater(true, ConnectionGater.ALLOW_ALL))
                .agentVersion("java-2026/1.0")
                .protocolVersion(VERSION)
                .signedPeerRecords(signedRecords)
                .ioThreads(2)
                .build());
        Gossipsub topics = Gossipsub.start(node, gossip, (peer, reason, detail) -> { });
        this.gossip.put(node, topics);
        topics.subscribe(TOPIC);
        return node;
    }

    /** A Go peer as the bus configures it (PX on), subscribed to the topic. */
    private GoPeer goPeer() throws Exception {
        GoPeer peer = GoPeer.start2026(GoPeer.config("agentVersion", "go-2026/1.0", "dht", false,
                "bus2026", Map.of("protocolVersion", VERSION, "allowPrivateIPs", true)));
        fixture.closeAfter(peer);
        peer.call(CALL, "cmd", "subscribe", "topic", TOPIC);
        return peer;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(30), condition);
    }

    private Set<PeerId> meshOf(P2PNode node) {
        try {
            return pubsub(node).router().meshPeers(TOPIC).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Gossipsub pubsub(P2PNode node) {
        return gossip.get(node);
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(GoPeer go, String key, Object... command) {
        try {
            return (List<String>) go.call(CALL, command).get(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> peersOf(GoPeer go) {
        return list(go, "peers", "cmd", "peers");
    }

    @SuppressWarnings("unchecked")
    private static String directionOfConnection(GoPeer go, String peer) throws Exception {
        List<Map<String, Object>> conns = (List<Map<String, Object>>) go.call(CALL, "cmd", "connections", "peer",
                peer).get("connections");
        return conns.isEmpty() ? "none" : String.valueOf(conns.get(0).get("direction"));
    }

    private static Multiaddr dialAddress(P2PNode node) {
        return node.listenAddresses().get(0).withPeerId(node.peerId().toBytes());
    }

    @Test
    void javaLeavingATopicOffersAGoPeerAThirdPeerWithItsSignedRecordAndTheGoPeerDialsIt() throws Exception {
        P2PNode java = javaNode(true, GossipConfig.defaults().withPeerExchange(true));
        // The third peer: a Java node with PX off (the 2025 setting), so the PX Java sends it about the Go peer is
        // ignored and only the Go peer can make the connection between them.
        P2PNode third = javaNode(true, GossipConfig.defaults());
        GoPeer go = goPeer();
        PeerId goId = PeerId.parse(go.peerId());
        java.connect(Multiaddr.parse(go.dialAddress())).get(30, TimeUnit.SECONDS);
        java.connect(dialAddress(third)).get(30, TimeUnit.SECONDS);
        await("java meshed with the go peer and the third peer",
                () -> meshOf(java).containsAll(Set.of(goId, third.peerId())));
        await("java holds the third peer's verified signed record", () -> java.peerRecord(third.peerId()).isPresent());
        assertFalse(peersOf(go).contains(third.peerId().toBase58()), "the go peer has not met the third peer");

        gossip.get(java).unsubscribe(TOPIC);

        await("the go peer connected to the third peer named in java's PX",
                () -> peersOf(go).contains(third.peerId().toBase58()));
        assertEquals("Outbound", directionOfConnection(go, third.peerId().toBase58()),
                "the go peer dialled the third peer");
        assertTrue(pubsub(java).router().counters().pxOffered() >= 2, pubsub(java).router().counters().toString());
    }

    @Test
    void aGoPeerLeavingATopicOffersJavaAThirdPeerWhoseVerifiedRecordJavaDials() throws Exception {
        // Java sends no signed record here, so the go peer cannot tell the third peer where Java is: only Java can
        // make the connection between them, from the record in the go peer's PX.
        P2PNode java = javaNode(false, GossipConfig.defaults().withPeerExchange(true));
        GoPeer go = goPeer();
        GoPeer third = goPeer();
        PeerId goId = PeerId.parse(go.peerId());
        PeerId thirdId = PeerId.parse(third.peerId());
        third.call(CALL, "cmd", "dial", "addr", go.dialAddress());
        java.connect(Multiaddr.parse(go.dialAddress())).get(30, TimeUnit.SECONDS);
        await("the go peer meshed with java and the third peer", () -> list(go, "peers", "cmd", "mesh", "topic", TOPIC)
                .containsAll(List.of(java.peerId().toBase58(), third.peerId())));
        await("java meshed with the go peer", () -> meshOf(java).contains(goId));
        assertFalse(java.isConnected(thirdId));

        go.call(CALL, "cmd", "unsubscribe", "topic", TOPIC);

        await("java connected to the third peer named in the go peer's PX", () -> java.isConnected(thirdId));
        NodePeerExchange px = pubsub(java).peerExchange().orElseThrow();
        await("the PX dial completed", () -> px.connected() >= 1);
        assertTrue(px.recordsHeld() >= 1, "the third peer's record was kept");
        assertEquals("Inbound", directionOfConnection(third, java.peerId().toBase58()), "java dialled the third peer");
        PeerRecord record = java.peerRecord(thirdId).orElseGet(() -> {
            await("java to verify the third peer's record in identify", () -> java.peerRecord(thirdId).isPresent());
            return java.peerRecord(thirdId).orElseThrow();
        });
        assertTrue(record.addresses().contains(Multiaddr.parse(third.dialAddress()).withoutPeerId()),
                record.addresses().toString());
        assertEquals(0, pubsub(java).router().counters().pxRejected());
    }
}
