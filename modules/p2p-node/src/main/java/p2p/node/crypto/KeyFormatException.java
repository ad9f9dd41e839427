package p2p.node.crypto;

import p2p.common.wire.ProtocolException;

/** A key, signature or peer id that does not decode: unknown key type, wrong length, bad DER, invalid point. */
public final class KeyFormatException extends ProtocolException {
    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
