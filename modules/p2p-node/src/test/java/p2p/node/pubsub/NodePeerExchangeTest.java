package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.host.ConnectionGater;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerRecord;
import p2p.node.host.PrivateAddressGater;
import p2p.node.multiaddr.Multiaddr;
import p2p.testkit.Await;

/**
 * The host side of peer exchange on real nodes over loopback: offered peers are dialled from their records through
 * the node's own gater, a record never gives way to an older one, a peer offered without any known address is not
 * dialled, and the in-flight bound holds.
 */
class NodePeerExchangeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    private P2PNode node(boolean allowPrivate) throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0")
                .gater(new PrivateAddressGater(allowPrivate, ConnectionGater.ALLOW_ALL))
                .signedPeerRecords(true)
                .ioThreads(1)
                .build());
        resources.add(node);
        node.start().get(10, TimeUnit.SECONDS);
        return node;
    }

    private static PxCandidate offer(P2PNode peer, long seq, List<Multiaddr> addresses) {
        return new PxCandidate(peer.peerId(), Optional.of(new PeerRecord(peer.peerId(), seq, addresses)));
    }

    private static Multiaddr deadAddress() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + socket.getLocalPort());
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), condition);
    }

    @Test
    void dialsAnOfferedPeerFromItsRecordTryingEachAddress() throws Exception {
        P2PNode us = node(true);
        P2PNode offered = node(true);
        NodePeerExchange px = new NodePeerExchange(us, 8);

        px.connect(us.peerId(), List.of(offer(offered, 1, List.of(deadAddress(), offered.listenAddresses().get(0)))));

        await("connected to the offered peer", () -> us.isConnected(offered.peerId()));
        await("the dial counted", () -> px.connected() == 1);
        assertEquals(1, px.dialled());
        assertEquals(1, px.recordsHeld());
    }

    @Test
    void thePrivateAddressGaterStillDecides() throws Exception {
        P2PNode us = node(false);
        P2PNode offered = node(true);
        NodePeerExchange px = new NodePeerExchange(us, 8);

        px.connect(us.peerId(), List.of(offer(offered, 1, offered.listenAddresses())));

        await("the dial refused", () -> px.failed() == 1);
        assertFalse(us.isConnected(offered.peerId()));
    }

    @Test
    void anOlderRecordDoesNotReplaceANewerOne() throws Exception {
        P2PNode us = node(true);
        P2PNode offered = node(true);
        NodePeerExchange px = new NodePeerExchange(us, 8);
        px.connect(us.peerId(), List.of(offer(offered, 9, List.of(deadAddress()))));
        await("the first dial failed", () -> px.failed() == 1);

        // seq 3 names the live address, but seq 9 is what we hold: the dial goes to 9's address again and fails.
        px.connect(us.peerId(), List.of(offer(offered, 3, offered.listenAddresses())));

        await("the second dial failed", () -> px.failed() == 2);
        assertFalse(us.isConnected(offered.peerId()));

        px.connect(us.peerId(), List.of(offer(offered, 10, offered.listenAddresses())));
        await("a newer record is taken", () -> us.isConnected(offered.peerId()));
    }

    @Test
    void aPeerOfferedWithoutARecordNeedsAnAddressWeAlreadyHold() throws Exception {
        P2PNode us = node(true);
        P2PNode offered = node(true);
        NodePeerExchange px = new NodePeerExchange(us, 8);

        px.connect(us.peerId(), List.of(new PxCandidate(offered.peerId(), Optional.empty())));
        assertEquals(1, px.noAddress());
        assertEquals(0, px.dialled());

        px.connect(us.peerId(), List.of(offer(offered, 1, List.of(deadAddress()))));
        await("the record's dial failed", () -> px.failed() == 1);
        px.connect(us.peerId(), List.of(new PxCandidate(offered.peerId(), Optional.empty())));
        await("the id alone is dialled at the held record's address", () -> px.dialled() == 2);
    }

    @Test
    void dialsBeyondTheInFlightBoundAreDroppedAndCounted() throws Exception {
        P2PNode us = node(true);
        // A socket that accepts TCP and never answers the security handshake: each dial stays in flight.
        ServerSocket silent = new ServerSocket(0);
        resources.add(silent);
        Multiaddr hanging = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + silent.getLocalPort());
        List<PxCandidate> offers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            offers.add(offer(node(true), 1, List.of(hanging)));
        }
        NodePeerExchange px = new NodePeerExchange(us, 1);

        px.connect(us.peerId(), offers);

        assertEquals(1, px.dialled());
        assertEquals(2, px.overLimit());
    }
}
