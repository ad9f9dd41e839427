package p2p.node.noise;

import p2p.common.wire.ProtocolException;

/**
 * The Noise handshake or transport failed: malformed or undecryptable message, bad payload signature, invalid key,
 * connection closed mid-handshake. The connection is closed; the secure-session future fails with this.
 */
public class NoiseHandshakeException extends ProtocolException {
    public NoiseHandshakeException(String message) {
        super(message);
    }

    public NoiseHandshakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
