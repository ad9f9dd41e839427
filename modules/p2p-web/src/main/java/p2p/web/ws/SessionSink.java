package p2p.web.ws;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsSession;

import p2p.web.notify.NotificationSink;

/**
 * Adapts a Helidon WebSocket session to a {@link NotificationSink}. Helidon's session writes through one shared
 * buffer and is not thread-safe, so every write (notifications from the writer thread, pongs from the connection
 * thread) goes through {@link #lock}.
 */
final class SessionSink implements NotificationSink {
    private static final Logger LOG = Logger.getLogger(SessionSink.class.getName());

    /** RFC 6455 section 7.4.1 close code: the server is overloaded, try again later. */
    private static final int TRY_AGAIN_LATER = 1013;

    private final WsSession session;
    private final String remote;
    private final Object lock = new Object();

    SessionSink(WsSession session) {
        this.session = session;
        this.remote = session.socketContext().remotePeer().address().toString();
    }

    @Override
    public void send(String json) {
        synchronized (lock) {
            session.send(json, true);
        }
    }

    @Override
    public void keepAlive() {
        synchronized (lock) {
            session.ping(BufferData.empty());
        }
    }

    void pong(BufferData payload) {
        synchronized (lock) {
            session.pong(payload);
        }
    }

    /**
     * Closes the TCP connection without the WebSocket close handshake: the client is not reading, so a close frame
     * could block like the data did. Closing the socket also fails a write blocked in {@link #send}.
     */
    @Override
    public void abort() {
        try {
            if (session.socketContext() instanceof ConnectionContext connection) {
                connection.serverSocket().close();
            } else if (session instanceof ServerConnection connection) {
                connection.close(true);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing WebSocket connection of " + remote + " failed", e);
        }
    }

    /** A new client over the limit: a close frame 1013 (try again later) with the reason, nothing queued yet. */
    @Override
    public void refuse(String reason) {
        try {
            synchronized (lock) {
                session.close(TRY_AGAIN_LATER, reason);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "refusing WebSocket client " + remote + " failed", e);
            abort();
        }
    }

    @Override
    public String describe() {
        return remote;
    }
}
