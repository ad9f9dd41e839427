package p2p.node.transport;

import java.io.IOException;

/** A dial the transport refused before connecting: the gater said no, or a connection limit is reached. */
public final class ConnectionRefusedException extends IOException {
    public ConnectionRefusedException(String message) {
        super(message);
    }
}
