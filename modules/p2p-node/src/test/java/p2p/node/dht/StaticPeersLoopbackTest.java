package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.Psk;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;

/** A static peer that is stopped and started again is reconnected, over the real stack on 127.0.0.1. */
class StaticPeersLoopbackTest {
    private static final Psk PSK = Psk.fromHex("285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static P2PNode start(Ed25519PrivKey key, String listen) throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(key).listen(listen).psk(PSK).ioThreads(1).build());
        node.start().get(10, TimeUnit.SECONDS);
        return node;
    }

    @Test
    void restartedStaticPeerIsReconnected() throws Exception {
        Ed25519PrivKey staticKey = Ed25519PrivKey.generate(RANDOM);
        P2PNode staticPeer = start(staticKey, "/ip4/127.0.0.1/tcp/0");
        Multiaddr bound = staticPeer.listenAddresses().getFirst();
        P2PNode dialler = start(Ed25519PrivKey.generate(RANDOM), "/ip4/127.0.0.1/tcp/0");
        P2PNodeDhtNetwork network = new P2PNodeDhtNetwork(dialler, DhtProtocol.protocolId("/teranode", true),
                AddressFilter.DEFAULT);
        StaticPeers statics = new StaticPeers(List.of(bound.withPeerId(staticPeer.peerId().toBytes())),
                network.dialer(), dialler::isConnected,
                new StaticPeers.Timing(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(400)),
                scheduler, InstantSource.system());
        statics.start();
        try {
            KademliaDhtTest.waitUntil(() -> dialler.isConnected(staticPeer.peerId()));

            staticPeer.stop();
            KademliaDhtTest.waitUntil(() -> !dialler.isConnected(staticPeer.peerId()));
            assertFalse(dialler.isConnected(staticPeer.peerId()));

            // Same key, same port: the static address is valid again and the loop must find it.
            P2PNode restarted = start(staticKey, bound.toString());
            try {
                KademliaDhtTest.waitUntil(() -> dialler.isConnected(restarted.peerId()));
            } finally {
                restarted.stop();
            }
        } finally {
            statics.close();
            dialler.stop();
            staticPeer.stop();
        }
    }
}
