package p2p.web.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import p2p.web.notify.NotificationHub;

/**
 * The {@code /p2p-ws} endpoint (spec section 7): attaches each new session to the {@link NotificationHub} and
 * detaches it when it closes. Messages from clients are ignored, as Teranode ignores them.
 */
public final class NotificationEndpoint implements WsListener {
    private static final Logger LOG = Logger.getLogger(NotificationEndpoint.class.getName());

    private final NotificationHub hub;
    /** Written by connection threads on open/close: a concurrent map. */
    private final Map<WsSession, Attached> attached = new ConcurrentHashMap<>();

    public NotificationEndpoint(NotificationHub hub) {
        this.hub = hub;
    }

    @Override
    public void onOpen(WsSession session) {
        SessionSink sink = new SessionSink(session);
        attached.put(session, new Attached(sink, hub.attach(sink)));
        watchConnection(session, Thread.currentThread());
    }

    /**
     * Helidon 4.1.2 calls neither onClose nor onError when a client drops the TCP connection without a close frame,
     * or when it closes an idle connection; it only returns from the connection's own thread, on which onOpen runs.
     * A virtual thread waiting for that thread to end detaches the client promptly. (A failed write would also
     * detach it, but only at the next notification.)
     */
    private void watchConnection(WsSession session, Thread connectionThread) {
        Thread.ofVirtual().name("p2p-ws-watch").start(() -> {
            try {
                connectionThread.join();
            } catch (InterruptedException e) {
                return;
            }
            detach(session);
        });
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        Attached client = attached.get(session);
        if (client != null) {
            client.sink().pong(buffer);
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        detach(session);
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(Level.FINE, "WebSocket error", t);
        detach(session);
    }

    private void detach(WsSession session) {
        Attached client = attached.remove(session);
        if (client != null) {
            try {
                client.handle().close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "detaching WebSocket client failed", e);
            }
        }
    }

    private record Attached(SessionSink sink, AutoCloseable handle) {
    }
}
