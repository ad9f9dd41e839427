package p2p.node.yamux;

import java.io.IOException;

/**
 * A stream ended abnormally: reset by the peer (RST), or cut off because its session closed. Fired as
 * {@code exceptionCaught} on the stream's pipeline just before the stream channel closes.
 */
public class YamuxStreamResetException extends IOException {
    public YamuxStreamResetException(String message) {
        super(message);
    }
}
