package p2p.node.connmgr;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.PeerListener;

/**
 * Keeps the node's connections within a {@link TrimPolicy}: a connection that takes the count above {@code high}
 * schedules a trim, and a periodic trim catches connections whose grace ran out since. Trims run on
 * {@code scheduler}, never on an event loop, because {@code protectedPeers} may block (it asks gossipsub for its
 * topic peers).
 */
public final class ConnectionManager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConnectionManager.class.getName());
    /** How often the count is checked without a new connection. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

    private final P2PNode node;
    private final TrimPolicy policy;
    private final Supplier<Set<PeerId>> protectedPeers;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final AtomicBoolean trimQueued = new AtomicBoolean();
    private final PeerListener listener = new PeerListener() {
        @Override
        public void connected(PeerInfo peer) {
            if (node.peers().size() > policy.high() && trimQueued.compareAndSet(false, true)) {
                scheduler.execute(ConnectionManager.this::trim);
            }
        }
    };
    private ScheduledFuture<?> periodic;

    public ConnectionManager(P2PNode node, TrimPolicy policy, Supplier<Set<PeerId>> protectedPeers,
                             ScheduledExecutorService scheduler, InstantSource clock) {
        this.node = node;
        this.policy = policy;
        this.protectedPeers = protectedPeers;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    public synchronized void start() {
        node.addListener(listener);
        long every = CHECK_INTERVAL.toMillis();
        periodic = scheduler.scheduleWithFixedDelay(this::trim, every, every, TimeUnit.MILLISECONDS);
    }

    /** Closes the connections the policy picks; returns them. */
    public List<PeerId> trim() {
        trimQueued.set(false);
        List<PeerInfo> connected = node.peers();
        if (connected.size() <= policy.high()) {
            return List.of();
        }
        Set<PeerId> keep;
        try {
            keep = protectedPeers.get();
        } catch (RuntimeException e) {
            // Without knowing the topic peers, closing anything could cut a mesh: skip this round.
            LOG.log(Level.WARNING, "connection manager cannot tell the protected peers; not trimming", e);
            return List.of();
        }
        List<PeerId> close = policy.toClose(connected, keep, clock.instant());
        if (!close.isEmpty()) {
            LOG.fine(() -> "connection manager: " + connected.size() + " connections above " + policy.high()
                    + ", closing " + close.size());
            close.forEach(node::disconnect);
        }
        return close;
    }

    @Override
    public synchronized void close() {
        node.removeListener(listener);
        if (periodic != null) {
            periodic.cancel(false);
        }
    }
}
