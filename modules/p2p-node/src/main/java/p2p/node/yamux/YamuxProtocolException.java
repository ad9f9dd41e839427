package p2p.node.yamux;

import p2p.common.wire.ProtocolException;

/** The peer broke the yamux protocol: the session answers with GO_AWAY (protocol error) and closes the connection. */
public class YamuxProtocolException extends ProtocolException {
    public YamuxProtocolException(String message) {
        super(message);
    }
}
