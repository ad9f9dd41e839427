package p2p.node.dht;

import p2p.node.noise.PeerIdMismatchException;

/** Why the last dial to a peer failed, as far as {@code p2p_optimise_retries} cares. */
public enum DialFailure {
    /** The address answered as another peer. */
    PEER_ID_MISMATCH,
    /** None of the peer's addresses could be dialled. */
    NO_GOOD_ADDRESSES,
    /** Anything else (refused, timed out, handshake failed); retried as usual. */
    OTHER;

    /** Classifies a dial failure by the exceptions in its cause chain. */
    public static DialFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PeerIdMismatchException) {
                return PEER_ID_MISMATCH;
            }
            if (t instanceof NoGoodAddressesException) {
                return NO_GOOD_ADDRESSES;
            }
        }
        return OTHER;
    }
}
