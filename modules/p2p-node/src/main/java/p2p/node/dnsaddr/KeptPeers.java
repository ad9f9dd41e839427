package p2p.node.dnsaddr;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
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
 * are redialled by a maintenance loop"): {@code /dnsaddr/} names are resolved on the scheduler (DNS blocks), and
 * every address with a peer id goes to the {@link StaticPeers} redial loop, which dials the missing ones with backoff,
 * each peer at all of its addresses. go-libp2p resolves a {@code /dnsaddr/} on every dial, so a bootstrap server
 * moved in DNS is found by the next redial; here the names are resolved again every {@code resolveRetry} while a
 * lookup fails or a kept peer is not connected, and every {@code refresh} otherwise. A failed or empty lookup keeps
 * the name's last good addresses (DNS trouble must not drop a peer we know), and is logged when that state changes,
 * not on every round. The redial loop is replaced only when the addresses changed, so backoff is kept.
 */
public final class KeptPeers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeptPeers.class.getName());
    /** Resolution of names whose peers are all connected: DNS changes are rare, lookups cost little. */
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(10);

    private final List<Multiaddr> configured;
    private final DnsaddrResolver resolver;
    private final PeerDialer dialer;
    private final Predicate<PeerId> isConnected;
    private final StaticPeers.Timing timing;
    private final Duration resolveRetry;
    private final Duration refresh;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    /** Per configured entry: its last good addresses; touched by the resolving task only. */
    private final Map<Multiaddr, List<Multiaddr>> lastGood = new LinkedHashMap<>();
    /** Per configured entry: whether its last lookup failed, to log changes only. */
    private final Map<Multiaddr, Boolean> failing = new HashMap<>();
    private ScheduledFuture<?> next;
    private StaticPeers loop;
    private List<Multiaddr> loopAddresses = List.of();
    private boolean closed;

    /**
     * @param configured   {@code p2p_bootstrap_peers} then {@code p2p_static_peers}
     * @param resolveRetry pause before resolving again after a failed or empty lookup, or while a peer is missing
     */
    public KeptPeers(List<Multiaddr> configured, DnsaddrResolver resolver, PeerDialer dialer,
                     Predicate<PeerId> isConnected, StaticPeers.Timing timing, Duration resolveRetry,
                     ScheduledExecutorService scheduler, InstantSource clock) {
        this(configured, resolver, dialer, isConnected, timing, resolveRetry, DEFAULT_REFRESH, scheduler, clock);
    }

    /** @param refresh pause before resolving again once every kept peer is connected */
    public KeptPeers(List<Multiaddr> configured, DnsaddrResolver resolver, PeerDialer dialer,
                     Predicate<PeerId> isConnected, StaticPeers.Timing timing, Duration resolveRetry,
                     Duration refresh, ScheduledExecutorService scheduler, InstantSource clock) {
        this.configured = List.copyOf(configured);
        this.resolver = resolver;
        this.dialer = dialer;
        this.isConnected = isConnected;
        this.timing = timing;
        this.resolveRetry = resolveRetry;
        this.refresh = refresh;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    public synchronized void start() {
        if (!configured.isEmpty() && !closed) {
            next = scheduler.schedule(this::resolveAndKeep, 0, TimeUnit.MILLISECONDS);
        }
    }

    /** The peers the redial loop keeps, each with its addresses, once resolved; empty before. */
    public synchronized Map<PeerId, List<Multiaddr>> peers() {
        return loop == null ? Map.of() : loop.peers();
    }

    private void resolveAndKeep() {
        boolean complete = true;
        boolean names = false;
        for (Multiaddr name : configured) {
            if (!DnsaddrResolver.isDnsaddr(name)) {
                lastGood.put(name, List.of(name));
                continue;
            }
            names = true;
            String problem;
            try {
                List<Multiaddr> resolved = resolver.resolve(name);
                problem = resolved.isEmpty() ? "resolved to no address" : null;
                if (problem == null) {
                    lastGood.put(name, resolved);
                }
            } catch (DnsaddrException e) {
                problem = "did not resolve: " + e.getMessage();
            }
            complete &= problem == null;
            logChange(name, problem);
        }
        List<Multiaddr> addresses = new ArrayList<>();
        for (List<Multiaddr> resolved : lastGood.values()) {
            for (Multiaddr a : resolved) {
                // An address without a peer id cannot be authenticated, so it is not kept (go-libp2p refuses too).
                if (a.peerIdBytes().isPresent() && !addresses.contains(a)) {
                    addresses.add(a);
                }
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            if (loop == null || !addresses.equals(loopAddresses)) {
                if (loop != null) {
                    LOG.info(() -> "kept peers' addresses changed to " + addresses);
                    loop.close();
                }
                loop = new StaticPeers(addresses, dialer, isConnected, timing, scheduler, clock);
                loopAddresses = addresses;
                loop.start();
            }
            if (names) {
                boolean allConnected = loop.peers().keySet().stream().allMatch(isConnected);
                Duration wait = complete && allConnected ? refresh : resolveRetry;
                next = scheduler.schedule(this::resolveAndKeep, wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Logs a name's lookup once when it starts failing (with what is kept) and once when it recovers. */
    private void logChange(Multiaddr name, String problem) {
        boolean wasFailing = failing.getOrDefault(name, false);
        if (problem != null && !wasFailing) {
            List<Multiaddr> kept = lastGood.getOrDefault(name, List.of());
            LOG.warning(() -> "p2p_bootstrap_peers entry " + name + " " + problem + "; "
                    + (kept.isEmpty() ? "nothing to dial yet" : "keeping its last addresses " + kept)
                    + "; resolving again every " + resolveRetry);
        } else if (problem == null && wasFailing) {
            LOG.info(() -> "p2p_bootstrap_peers entry " + name + " resolves again: " + lastGood.get(name));
        }
        failing.put(name, problem != null);
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
