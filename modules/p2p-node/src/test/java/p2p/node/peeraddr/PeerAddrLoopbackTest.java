package p2p.node.peeraddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerRecord;
import p2p.node.multiaddr.Multiaddr;
import p2p.testkit.Await;

/**
 * Three Java nodes on the 2026 wire (no PSK, signed peer records in identify) over real sockets: B learns C's
 * addresses from A with peer-addr-request, identify's record is verified and kept, and garbage on the protocol
 * leaves the responder serving.
 */
class PeerAddrLoopbackTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<P2PNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        nodes.forEach(P2PNode::stop);
    }

    private P2PNode node() throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0")
                .protocolVersion("/teranode/bitcoin/regtest/1.0.0")
                .signedPeerRecords(true)
                .ioThreads(1)
                .build());
        nodes.add(node);
        node.start().get(10, TimeUnit.SECONDS);
        PeerAddrProtocol.serve(node);
        return node;
    }

    private static Multiaddr dial(P2PNode node) {
        return node.listenAddresses().get(0).withPeerId(node.peerId().toBytes());
    }

    @Test
    void identifyCarriesAVerifiedSignedPeerRecordAndTheProtocolVersion() throws Exception {
        P2PNode a = node();
        P2PNode b = node();
        b.connect(dial(a)).get(10, TimeUnit.SECONDS);
        assertEquals("/teranode/bitcoin/regtest/1.0.0", b.identify(a.peerId()).get(10, TimeUnit.SECONDS)
                .protocolVersion());
        Await.until("b to hold a's signed peer record", Duration.ofSeconds(10),
                () -> b.peerRecord(a.peerId()).isPresent());
        PeerRecord record = b.peerRecord(a.peerId()).orElseThrow();
        assertEquals(a.peerId(), record.peer());
        assertEquals(a.advertisedAddresses(), record.addresses());
        assertTrue(b.identify(a.peerId()).get().protocols().contains(PeerAddrProtocol.PROTOCOL_ID));
    }

    @Test
    void aNodeLearnsTheAddressesOfAPeerItHasNotMetFromACommonPeer() throws Exception {
        P2PNode a = node();
        P2PNode b = node();
        P2PNode c = node();
        c.connect(dial(a)).get(10, TimeUnit.SECONDS);
        b.connect(dial(a)).get(10, TimeUnit.SECONDS);
        Await.until("a to hold c's signed peer record", Duration.ofSeconds(10),
                () -> a.peerRecord(c.peerId()).isPresent());

        List<Multiaddr> learned = PeerAddrProtocol.request(b, a.peerId(), c.peerId()).get(10, TimeUnit.SECONDS);
        assertEquals(c.advertisedAddresses(), learned);

        List<Multiaddr> self = PeerAddrProtocol.request(b, a.peerId(), a.peerId()).get(10, TimeUnit.SECONDS);
        assertEquals(a.advertisedAddresses(), self);

        PeerId stranger = PeerId.fromPublicKey(Ed25519PrivKey.generate(RANDOM).publicKey());
        assertEquals(List.of(), PeerAddrProtocol.request(b, a.peerId(), stranger).get(10, TimeUnit.SECONDS));

        // The learned address is good: b dials c directly.
        b.connect(learned.get(0).withPeerId(c.peerId().toBytes())).get(10, TimeUnit.SECONDS);
        assertTrue(b.isConnected(c.peerId()));
    }

    @Test
    void garbageRequestsAreDroppedAndTheResponderKeepsServing() throws Exception {
        P2PNode a = node();
        P2PNode b = node();
        b.connect(dial(a)).get(10, TimeUnit.SECONDS);
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        b.newStream(a.peerId(), PeerAddrProtocol.PROTOCOL_ID, stream -> {
            stream.closeFuture().addListener(f -> closed.complete(true));
            stream.writeAndFlush(Unpooled.copiedBuffer("x".repeat(300), StandardCharsets.US_ASCII));
        }).get(10, TimeUnit.SECONDS);
        assertTrue(closed.get(10, TimeUnit.SECONDS), "the responder closes an oversized request");

        assertEquals(a.advertisedAddresses(),
                PeerAddrProtocol.request(b, a.peerId(), a.peerId()).get(10, TimeUnit.SECONDS));
    }

    @Test
    void anAnswerThatIsNotJsonFailsTheRequestWithAProtocolException() throws Exception {
        P2PNode a = node();
        P2PNode b = node();
        a.setStreamHandler(PeerAddrProtocol.PROTOCOL_ID, (stream, remote) -> stream.writeAndFlush(
                Unpooled.copiedBuffer("{\"not\":\"an array\"}", StandardCharsets.US_ASCII))
                .addListener(f -> stream.close()));
        b.connect(dial(a)).get(10, TimeUnit.SECONDS);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> PeerAddrProtocol.request(b, a.peerId(), a.peerId()).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ProtocolException, e.getCause().toString());
        assertTrue(b.isConnected(a.peerId()), "a bad answer fails the request, not the connection");
    }
}
