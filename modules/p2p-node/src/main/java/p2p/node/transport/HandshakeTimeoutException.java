package p2p.node.transport;

import java.util.concurrent.TimeoutException;

/** A connection did not finish its upgrade (pnet, Noise, multistream, yamux) within {@code handshakeTimeout}. */
public final class HandshakeTimeoutException extends TimeoutException {
    public HandshakeTimeoutException(String message) {
        super(message);
    }
}
