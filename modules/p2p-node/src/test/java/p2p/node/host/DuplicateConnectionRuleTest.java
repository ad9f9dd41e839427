package p2p.node.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.Direction;

class DuplicateConnectionRuleTest {
    private static PeerId randomPeer() {
        return PeerId.fromPublicKey(Ed25519PrivKey.generate(new SecureRandom()).publicKey());
    }

    @Test
    void bothEndsKeepTheConnectionDialledByTheSmallerId() {
        PeerId x = randomPeer();
        PeerId y = randomPeer();
        PeerId small = x.compareTo(y) < 0 ? x : y;
        PeerId large = small == x ? y : x;
        // small holds an inbound connection (dialled by large) and gets an outbound one (dialled by itself): swap.
        assertEquals(true, DuplicateConnectionRule.keepNew(Direction.INBOUND, Direction.OUTBOUND, small, large));
        // large sees the same pair from its side: it holds an outbound one and gets the inbound one: swap as well,
        // so both keep the connection small dialled.
        assertEquals(true, DuplicateConnectionRule.keepNew(Direction.OUTBOUND, Direction.INBOUND, large, small));
        // The other arrival order gives the same survivor.
        assertFalse(DuplicateConnectionRule.keepNew(Direction.OUTBOUND, Direction.INBOUND, small, large));
        assertFalse(DuplicateConnectionRule.keepNew(Direction.INBOUND, Direction.OUTBOUND, large, small));
    }

    @Test
    void twoConnectionsDialledBySameSideKeepTheOlder() {
        PeerId x = randomPeer();
        PeerId y = randomPeer();
        assertFalse(DuplicateConnectionRule.keepNew(Direction.OUTBOUND, Direction.OUTBOUND, x, y));
        assertFalse(DuplicateConnectionRule.keepNew(Direction.INBOUND, Direction.INBOUND, x, y));
    }
}
