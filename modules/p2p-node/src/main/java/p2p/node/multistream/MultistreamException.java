package p2p.node.multistream;

import p2p.common.wire.ProtocolException;

/** multistream-select failed: the peer broke the protocol (bad framing, wrong header, unexpected reply). */
public class MultistreamException extends ProtocolException {
    public MultistreamException(String message) {
        super(message);
    }

    public MultistreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
