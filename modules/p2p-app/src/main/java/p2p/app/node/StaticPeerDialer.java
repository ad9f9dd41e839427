package p2p.app.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;

/**
 * Keeps {@code p2p_static_peers} connected (spec section 2): dials every one that is not connected, then looks again
 * after 5 s while any is missing and after 30 s once all are connected. A dial still in flight is never repeated, so
 * an unreachable peer costs one pending connect at a time, bounded by the transport's handshake timeout.
 */
public final class StaticPeerDialer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StaticPeerDialer.class.getName());
    static final Duration WHILE_MISSING = Duration.ofSeconds(5);
    static final Duration ALL_CONNECTED = Duration.ofSeconds(30);

    private record StaticPeer(PeerId id, Multiaddr address) {
    }

    private final P2PNode node;
    private final List<StaticPeer> peers;
    private final Map<PeerId, Boolean> dialling = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "static-peer-dialer");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code addresses}: multiaddrs ending in {@code /p2p/<id>}, as validated by the settings. */
    public StaticPeerDialer(P2PNode node, List<String> addresses) {
        this.node = node;
        this.peers = addresses.stream().map(Multiaddr::parse)
                .map(address -> new StaticPeer(PeerId.parse(address.peerIdBase58().orElseThrow(
                        () -> new IllegalArgumentException("p2p_static_peers: " + address + " has no /p2p/ part"))),
                        address))
                .toList();
    }

    /** Dials now and keeps the loop going until {@link #close()}. */
    public void start() {
        if (!peers.isEmpty()) {
            timer.execute(this::round);
        }
    }

    private void round() {
        boolean anyMissing = true;
        try {
            anyMissing = dialMissing();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "static peer round failed; trying again", e);
        } finally {
            scheduleNext(anyMissing ? WHILE_MISSING : ALL_CONNECTED);
        }
    }

    private void scheduleNext(Duration delay) {
        try {
            timer.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // close() ran: the loop ends here
        }
    }

    /** Starts a dial to every static peer that is neither connected nor being dialled; true if any is missing. */
    private boolean dialMissing() {
        boolean anyMissing = false;
        for (StaticPeer peer : peers) {
            if (peer.id().equals(node.peerId()) || node.isConnected(peer.id())) {
                continue;
            }
            anyMissing = true;
            if (dialling.putIfAbsent(peer.id(), Boolean.TRUE) == null) {
                node.connect(peer.address()).whenComplete((info, error) -> {
                    dialling.remove(peer.id());
                    if (error != null) {
                        LOG.fine(() -> "static peer " + peer.address() + " not reachable: " + error.getMessage());
                    } else {
                        LOG.info(() -> "connected to static peer " + peer.address());
                    }
                });
            }
        }
        return anyMissing;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
