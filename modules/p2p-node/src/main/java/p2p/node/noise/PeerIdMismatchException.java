package p2p.node.noise;

import p2p.node.crypto.PeerId;

/**
 * The remote authenticated as another peer than the one dialled. Kept distinct so a dialler can remember the
 * address as pointing at someone else (Teranode's {@code p2p_optimise_retries} skips such peers).
 */
public final class PeerIdMismatchException extends NoiseHandshakeException {
    private final PeerId expected;
    private final PeerId actual;

    public PeerIdMismatchException(PeerId expected, PeerId actual) {
        super("remote authenticated as " + actual + " but " + expected + " was expected");
        this.expected = expected;
        this.actual = actual;
    }

    public PeerId expected() {
        return expected;
    }

    public PeerId actual() {
        return actual;
    }
}
