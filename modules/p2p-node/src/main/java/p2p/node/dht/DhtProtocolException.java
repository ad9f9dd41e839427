package p2p.node.dht;

import p2p.common.wire.ProtocolException;

/** A DHT message that breaks the kad-dht rules; the stream is reset and the peer is not trusted with the request. */
public final class DhtProtocolException extends ProtocolException {
    public DhtProtocolException(String message) {
        super(message);
    }

    public DhtProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
