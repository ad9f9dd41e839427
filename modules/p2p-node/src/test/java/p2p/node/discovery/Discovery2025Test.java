package p2p.node.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/** Bootstrap peers are kept connected like static peers (Teranode dials them once: spec 14.2 #12). */
class Discovery2025Test {
    private static String id() {
        return PeerId.fromPublicKey(Ed25519PrivKey.generate(new SecureRandom()).publicKey()).toBase58();
    }

    @Test
    void bootstrapPeersJoinTheStaticPeersInTheReconnectLoopOnceAndNeverThisNode() {
        String self = id();
        String a = "/ip4/10.0.0.1/tcp/9905/p2p/" + id();
        String b = "/ip4/10.0.0.2/tcp/9905/p2p/" + id();
        String boot = "/dns4/bootstrap.example/tcp/9901/p2p/" + id();
        Discovery2025.Settings settings = new Discovery2025.Settings("/teranode", true, List.of(),
                List.of(Multiaddr.parse(a), Multiaddr.parse(b)),
                List.of(Multiaddr.parse(boot), Multiaddr.parse(a), Multiaddr.parse("/ip4/127.0.0.1/tcp/9905/p2p/" + self)),
                false);
        assertEquals(List.of(Multiaddr.parse(a), Multiaddr.parse(b), Multiaddr.parse(boot)),
                Discovery2025.keptConnected(settings, PeerId.parse(self)));
    }
}
