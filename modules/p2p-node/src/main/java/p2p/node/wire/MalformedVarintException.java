package p2p.node.wire;

import p2p.common.wire.ProtocolException;

/** A varint that breaks the multiformats rules (too long, not minimal); the connection or stream is dropped. */
public final class MalformedVarintException extends ProtocolException {
    public MalformedVarintException(String message) {
        super(message);
    }
}
