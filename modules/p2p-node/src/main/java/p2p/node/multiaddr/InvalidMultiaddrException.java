package p2p.node.multiaddr;

/**
 * A multiaddr that cannot be parsed: unknown protocol, missing or malformed value, truncated binary form. The
 * message always quotes the offending input (text, or binary as hex) so a bad setting or a bad peer record can be
 * found from the log line alone.
 */
public final class InvalidMultiaddrException extends IllegalArgumentException {
    public InvalidMultiaddrException(String message) {
        super(message);
    }

    public InvalidMultiaddrException(String message, Throwable cause) {
        super(message, cause);
    }
}
