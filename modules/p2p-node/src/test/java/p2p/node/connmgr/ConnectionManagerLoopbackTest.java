package p2p.node.connmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.testkit.Await;

/** The connection manager over real connections: a node above high closes down to low, keeping protected peers. */
class ConnectionManagerLoopbackTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<P2PNode> nodes = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        nodes.forEach(P2PNode::stop);
    }

    private P2PNode node() throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0").ioThreads(1).build());
        nodes.add(node);
        node.start().get(10, TimeUnit.SECONDS);
        return node;
    }

    @Test
    void aConnectionAboveHighTrimsToLowAndKeepsTheProtectedPeer() throws Exception {
        P2PNode hub = node();
        P2PNode topicPeer = node();
        try (ConnectionManager manager = new ConnectionManager(hub, new TrimPolicy(1, 2, Duration.ZERO),
                () -> Set.of(topicPeer.peerId()), scheduler, InstantSource.system())) {
            manager.start();
            topicPeer.connect(hub.listenAddresses().get(0).withPeerId(hub.peerId().toBytes())).get(10, TimeUnit.SECONDS);
            P2PNode other = node();
            other.connect(hub.listenAddresses().get(0).withPeerId(hub.peerId().toBytes())).get(10, TimeUnit.SECONDS);
            Await.until("the hub to register both", Duration.ofSeconds(10), () -> hub.peers().size() == 2);
            assertEquals(List.of(), manager.trim(), "two connections are not above high=2");

            P2PNode third = node();
            third.connect(hub.listenAddresses().get(0).withPeerId(hub.peerId().toBytes())).get(10, TimeUnit.SECONDS);
            Await.until("the hub to trim to low=1", Duration.ofSeconds(10), () -> hub.peers().size() == 1);
            assertTrue(hub.isConnected(topicPeer.peerId()), "the protected topic peer is kept");
        }
    }
}
