package p2p.node.dht;

import java.util.Random;
import p2p.node.crypto.PeerId;

/** Peer ids for tests: identity multihashes over seeded random bytes (well-formed ids, cheap to make). */
final class TestPeers {
    private final Random random;

    TestPeers(long seed) {
        this.random = new Random(seed);
    }

    PeerId next() {
        byte[] mh = new byte[2 + 36];
        mh[0] = 0x00;
        mh[1] = 36;
        random.nextBytes(mh);
        mh[0] = 0x00;
        mh[1] = 36;
        return PeerId.fromBytes(mh);
    }
}
