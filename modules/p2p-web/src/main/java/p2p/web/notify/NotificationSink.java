package p2p.web.notify;

/**
 * One connected client as the {@link NotificationHub} sees it. The WebSocket endpoint adapts a Helidon session to
 * this; tests use their own. {@link #send} may block (a slow client); {@link #abort} must not, and must make a blocked
 * {@code send} fail (closing the socket does both).
 */
public interface NotificationSink {

    /** Writes one JSON text frame; may block until the client's socket accepts it. */
    void send(String json) throws Exception;

    /**
     * Sends a protocol-level keep-alive (a WebSocket ping frame). Listen-only clients answer it with a pong, which is
     * what keeps the server from closing their connection as idle.
     */
    void keepAlive() throws Exception;

    /** Drops the client at once, without a graceful close handshake that could block on a full socket. */
    void abort();

    /** Turns a new client away (too many clients); by default the same as {@link #abort}. */
    default void refuse(String reason) {
        abort();
    }

    /** A short description for logs (remote address). */
    String describe();
}
