package p2p.node.pnet;

import p2p.common.wire.ProtocolException;
import p2p.node.crypto.Psk;

/**
 * A connection on the private network whose peer's first bytes did not decrypt to a multistream-select header with
 * our pre-shared key (spec 2.3): the peer runs with another {@code p2p_shared_key}, or is not a libp2p peer at all.
 * pnet itself cannot tell a wrong key from noise; the header check above it is the first place that can.
 */
public final class PskMismatchException extends ProtocolException {
    public PskMismatchException(String connection, Psk psk, Throwable cause) {
        super(connection + ": the peer's first bytes do not decrypt to a multistream header with our p2p_shared_key"
                + " (sha256:" + psk.fingerprint() + "); the peer uses another p2p_shared_key or is not a libp2p peer ("
                + cause.getMessage() + ")", cause);
    }
}
