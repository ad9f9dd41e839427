package p2p.node.dht;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * Keeps the configured static peers ({@code p2p_static_peers}) connected (spec section 2): a round dials every static
 * peer that is not connected; the next round runs after {@code retryWhileMissing} (5 s) while any is missing and
 * after {@code retryAllConnected} (30 s) once all are connected. Unlike Teranode, a peer that keeps failing is
 * tried with a doubling delay capped at {@code maxBackoff}, so one dead static peer is not hammered every 5 s;
 * a peer that connects has its delay reset. A peer given several addresses (several {@code /dnsaddr/} answers, or
 * several configured multiaddrs with one peer id) is dialled at all of them in the order given, the dialer trying
 * each in turn until one connects, as go-libp2p's host dials all of a peer's known addresses.
 */
public final class StaticPeers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StaticPeers.class.getName());

    /** Timing of the reconnect loop. */
    public record Timing(Duration retryWhileMissing, Duration retryAllConnected, Duration maxBackoff) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMinutes(5));
    }

    private static final class Backoff {
        volatile int failures;
        volatile Instant notBefore = Instant.MIN;
    }

    private final Map<PeerId, List<Multiaddr>> peers;
    private final PeerDialer dialer;
    private final Predicate<PeerId> isConnected;
    private final Timing timing;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    // per static peer; concurrent because dial outcomes arrive on network threads
    private final Map<PeerId, Backoff> backoff = new ConcurrentHashMap<>();
    private final Map<PeerId, Boolean> dialing = new ConcurrentHashMap<>();
    private ScheduledFuture<?> next;
    private boolean closed;

    /**
     * @param addresses {@code p2p_static_peers}: full multiaddrs ending in {@code /p2p/<peer id>}
     * @throws IllegalArgumentException naming {@code p2p_static_peers} and the address without a peer id
     */
    public StaticPeers(List<Multiaddr> addresses, PeerDialer dialer, Predicate<PeerId> isConnected, Timing timing,
                       ScheduledExecutorService scheduler, InstantSource clock) {
        Map<PeerId, List<Multiaddr>> byPeer = new LinkedHashMap<>();
        for (Multiaddr a : addresses) {
            byte[] id = a.peerIdBytes().orElseThrow(() -> new IllegalArgumentException(
                    "p2p_static_peers entry " + a + " must end with /p2p/<peer id>"));
            List<Multiaddr> known = byPeer.computeIfAbsent(PeerId.fromBytes(id), p -> new ArrayList<>());
            if (!known.contains(a.withoutPeerId())) {
                known.add(a.withoutPeerId());
            }
        }
        Map<PeerId, List<Multiaddr>> frozen = new LinkedHashMap<>();
        byPeer.forEach((peer, known) -> frozen.put(peer, List.copyOf(known)));
        this.peers = Collections.unmodifiableMap(frozen);
        this.dialer = dialer;
        this.isConnected = isConnected;
        this.timing = timing;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Runs the first round now. Does nothing without static peers. */
    public synchronized void start() {
        if (!peers.isEmpty() && !closed) {
            next = scheduler.schedule(this::round, 0, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    /** The static peers, by id, each with its addresses in dialling order. */
    public Map<PeerId, List<Multiaddr>> peers() {
        return peers;
    }

    private void round() {
        List<PeerId> missing = new ArrayList<>();
        Instant now = clock.instant();
        for (Map.Entry<PeerId, List<Multiaddr>> e : peers.entrySet()) {
            PeerId peer = e.getKey();
            if (isConnected.test(peer)) {
                backoff.remove(peer);
                continue;
            }
            missing.add(peer);
            Backoff b = backoff.computeIfAbsent(peer, p -> new Backoff());
            if (now.isBefore(b.notBefore) || dialing.putIfAbsent(peer, Boolean.TRUE) != null) {
                continue;
            }
            dialer.dial(peer, e.getValue()).whenComplete((ok, failure) -> {
                dialing.remove(peer);
                if (failure == null) {
                    backoff.remove(peer);
                } else {
                    b.failures++;
                    long factor = 1L << Math.min(b.failures - 1, 20);
                    Duration delay = timing.retryWhileMissing().multipliedBy(factor);
                    if (delay.compareTo(timing.maxBackoff()) > 0) {
                        delay = timing.maxBackoff();
                    }
                    b.notBefore = clock.instant().plus(delay);
                    Duration logged = delay;
                    LOG.fine(() -> "static peer " + peer + " unreachable (" + failure + "), next try in " + logged);
                }
            });
        }
        Duration wait = missing.isEmpty() ? timing.retryAllConnected() : timing.retryWhileMissing();
        synchronized (this) {
            if (!closed) {
                next = scheduler.schedule(this::round, wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
