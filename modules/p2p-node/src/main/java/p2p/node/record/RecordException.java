package p2p.node.record;

import p2p.common.wire.ProtocolException;

/** A signed envelope or peer record that is malformed, has a bad signature, or names another peer. */
public final class RecordException extends ProtocolException {
    public RecordException(String message) {
        super(message);
    }

    public RecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
