package p2p.common.wire;

/**
 * Root of the decoding errors of the libp2p stack (STYLE.md section 7): thrown by codecs on malformed input,
 * caught at the connection or stream boundary, which closes or resets it and scores the peer.
 */
public class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
