package p2p.node.dnsaddr;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.dht.PeerDialer;
import p2p.node.dht.StaticPeers;
import p2p.node.multiaddr.Multiaddr;

/**
 * Keeps Teranode 2026's bootstrap and static peers connected (spec teranode-2026.md 1.3: "bootstrap and static peers
 * are redialled by a maintenance loop"): {@code /dnsaddr/} names are resolved on the scheduler (DNS blocks), again
 * every {@code resolveRetry} while one fails or yields nothing, and every address with a peer id then goes to the
 * {@link StaticPeers} redial loop, which dials the missing ones with backoff.
 */
public final class KeptPeers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeptPeers.class.getName());

    private final List<Multiaddr> configured;
    private final DnsaddrResolver resolver;
    private final PeerDialer dialer;
    private final Predicate<PeerId> isConnected;
    private final StaticPeers.Timing timing;
    private final Duration resolveRetry;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private ScheduledFuture<?> next;
    private StaticPeers loop;
    private boolean closed;

    /**
     * @param configured   {@code p2p_bootstrap_peers} then {@code p2p_static_peers}
     * @param resolveRetry pause before resolving again after a failed or empty lookup
     */
    public KeptPeers(List<Multiaddr> configured, DnsaddrResolver resolver, PeerDialer dialer,
                     Predicate<PeerId> isConnected, StaticPeers.Timing timing, Duration resolveRetry,
                     ScheduledExecutorService scheduler, InstantSource clock) {
        this.configured = List.copyOf(configured);
        this.resolver = resolver;
        this.dialer = dialer;
        this.isConnected = isConnected;
        this.timing = timing;
        this.resolveRetry = resolveRetry;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    public synchronized void start() {
        if (!configured.isEmpty() && !closed) {
            next = scheduler.schedule(this::resolveAndKeep, 0, TimeUnit.MILLISECONDS);
        }
    }

    /** The peers the redial loop keeps, once resolved; empty before. */
    public synchronized Map<PeerId, Multiaddr> peers() {
        return loop == null ? Map.of() : loop.peers();
    }

    private void resolveAndKeep() {
        Map<PeerId, Multiaddr> byPeer = new LinkedHashMap<>();
        boolean complete = true;
        for (Multiaddr name : configured) {
            List<Multiaddr> resolved;
            try {
                resolved = resolver.resolve(name);
            } catch (DnsaddrException e) {
                complete = false;
                LOG.warning(() -> "p2p_bootstrap_peers entry " + name + " did not resolve: " + e.getMessage()
                        + "; retrying in " + resolveRetry);
                continue;
            }
            if (resolved.isEmpty()) {
                complete = false;
                LOG.warning(() -> "p2p_bootstrap_peers entry " + name + " resolved to no address; retrying in "
                        + resolveRetry);
            }
            for (Multiaddr a : resolved) {
                // An address without a peer id cannot be authenticated, so it is not kept (go-libp2p refuses too).
                a.peerIdBytes().ifPresent(id -> byPeer.putIfAbsent(PeerId.fromBytes(id), a));
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            if (loop != null) {
                loop.close();
            }
            loop = new StaticPeers(new ArrayList<>(byPeer.values()), dialer, isConnected, timing, scheduler, clock);
            loop.start();
            if (!complete) {
                next = scheduler.schedule(this::resolveAndKeep, resolveRetry.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
        if (loop != null) {
            loop.close();
        }
    }
}
