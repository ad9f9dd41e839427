package p2p.node.identify;

import p2p.common.wire.ProtocolException;

/** A malformed identify message, or an identify exchange that ended before the message arrived. */
public final class IdentifyException extends ProtocolException {
    public IdentifyException(String message) {
        super(message);
    }

    public IdentifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
