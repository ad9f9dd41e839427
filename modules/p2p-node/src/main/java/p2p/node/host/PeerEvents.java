package p2p.node.host;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's {@link PeerListener}s and the calls to them. Called on event loops: a listener that throws is logged and
 * the others still hear of the event.
 */
final class PeerEvents {
    /** The host's logger: the node logs under one name, as it did before this part left P2PNode. */
    private static final Logger LOG = Logger.getLogger(P2PNode.class.getName());

    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();

    void add(PeerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(PeerListener listener) {
        listeners.remove(listener);
    }

    void connected(PeerInfo peer) {
        listeners.forEach(l -> notify(() -> l.connected(peer)));
    }

    void disconnected(PeerInfo peer) {
        listeners.forEach(l -> notify(() -> l.disconnected(peer)));
    }

    void identified(PeerInfo peer) {
        listeners.forEach(l -> notify(() -> l.identified(peer)));
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "peer listener failed", e);
        }
    }
}
