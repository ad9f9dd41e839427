package p2p.node.relay;

import p2p.common.wire.ProtocolException;

/** A circuit relay message that is malformed or not the one the protocol step expects. */
public final class RelayProtocolException extends ProtocolException {
    private final RelayStatus answer;

    public RelayProtocolException(String message) {
        this(message, RelayStatus.MALFORMED_MESSAGE);
    }

    /** @param answer the status to answer the peer with: MALFORMED_MESSAGE or UNEXPECTED_MESSAGE */
    public RelayProtocolException(String message, RelayStatus answer) {
        super(message);
        this.answer = answer;
    }

    public RelayProtocolException(String message, Throwable cause) {
        super(message, cause);
        this.answer = RelayStatus.MALFORMED_MESSAGE;
    }

    /** The status a peer that sent this message is answered with. */
    public RelayStatus answer() {
        return answer;
    }
}
