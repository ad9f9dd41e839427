package p2p.node.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.PeerListener;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.wire.Futures;

/**
 * Keeps a reservation on each of a fixed set of relays, as go-libp2p's autorelay does with
 * {@code EnableAutoRelayWithStaticRelays(bootstrapPeers)} (spec teranode-2026.md 1.1): reserves as soon as a relay is
 * connected (whoever dialled it), refreshes before the reservation expires, reserves again when the relay reconnects,
 * and retries a refused or failed reservation with exponential backoff, logging each failure with the relay's id and
 * status. Our {@code <relay addr>/p2p/<relay>/p2p-circuit} addresses follow the reservations held: the host
 * advertises them in identify and its signed peer record. Connecting to the relays is not this class's job (the
 * bootstrap redial loop keeps them connected).
 *
 * <p>Connection events and answers only schedule work on {@code scheduler}; the tasks run one at a time (a lock),
 * so the scheduler may have several threads, shared with other loops.
 */
public final class ReservationKeeper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReservationKeeper.class.getName());
    /** Refresh this long before expiry (go-libp2p's autorelay uses 2 minutes), or at half the time left if less. */
    static final Duration REFRESH_SLACK = Duration.ofMinutes(2);

    private final RelayClient client;
    private final P2PNode node;
    private final Predicate<PeerId> isRelay;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    /** Guarded by {@link #lock}, as everything a task touches. */
    private final Map<PeerId, Slot> slots = new HashMap<>();
    private final Object lock = new Object();
    private final PeerListener listener = new PeerListener() {
        @Override
        public void connected(PeerInfo peer) {
            if (isRelay.test(peer.peerId())) {
                run(() -> attemptNow(peer.peerId()));
            }
        }

        @Override
        public void disconnected(PeerInfo peer) {
            if (isRelay.test(peer.peerId())) {
                run(() -> lost(peer.peerId()));
            }
        }
    };
    private volatile boolean closed;

    /** One relay's state: the reservation held, the pending refresh or retry, the next backoff. */
    private static final class Slot {
        Reservation reservation;
        ScheduledFuture<?> pending;
        Duration backoff;
        boolean inFlight;
        int failures;
    }

    /**
     * @param isRelay        whether a peer is one to reserve on (a bootstrap peer); asked on network threads, so it
     *                       must not block. It may learn peers later ({@code /dnsaddr/} names resolve after start).
     * @param initialBackoff the first retry delay after a failure; doubled per failure up to {@code maxBackoff}
     */
    public ReservationKeeper(RelayClient client, Predicate<PeerId> isRelay, ScheduledExecutorService scheduler,
                             Clock clock, Duration initialBackoff, Duration maxBackoff) {
        this.client = Objects.requireNonNull(client, "client");
        this.node = client.node();
        this.isRelay = Objects.requireNonNull(isRelay, "isRelay");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    private Slot slot(PeerId relay) {
        return slots.computeIfAbsent(relay, r -> {
            Slot slot = new Slot();
            slot.backoff = initialBackoff;
            return slot;
        });
    }

    /** Listens for the relays' connections and reserves on those already connected. */
    public void start() {
        node.addListener(listener);
        for (PeerInfo peer : node.peers()) {
            if (isRelay.test(peer.peerId())) {
                run(() -> attemptNow(peer.peerId()));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        node.removeListener(listener);
        run(() -> {
            for (Map.Entry<PeerId, Slot> e : slots.entrySet()) {
                cancel(e.getValue());
                client.drop(e.getKey());
            }
            node.setCircuitAddresses(List.of());
        });
    }

    private void run(Runnable task) {
        try {
            scheduler.execute(locked(task));
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "relay reservations stopped; dropping a task");
        }
    }

    private ScheduledFuture<?> later(Runnable task, Duration delay) {
        return scheduler.schedule(locked(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Runnable locked(Runnable task) {
        return () -> {
            synchronized (lock) {
                task.run();
            }
        };
    }

    private void attemptNow(PeerId relay) {
        Slot slot = slot(relay);
        if (closed || slot.inFlight || !node.isConnected(relay)) {
            return;
        }
        cancel(slot);
        slot.inFlight = true;
        client.reserve(relay).whenComplete((r, e) -> run(() -> {
            slot.inFlight = false;
            if (e != null) {
                failed(relay, slot, Futures.unwrap(e));
            } else {
                reserved(relay, slot, r);
            }
        }));
    }

    private void reserved(PeerId relay, Slot slot, Reservation r) {
        boolean renewal = slot.reservation != null;
        slot.reservation = r;
        slot.backoff = initialBackoff;
        slot.failures = 0;
        Instant now = clock.instant();
        Duration left = Duration.between(now, r.expire());
        Duration before = left.dividedBy(2).compareTo(REFRESH_SLACK) < 0 ? left.dividedBy(2) : REFRESH_SLACK;
        Duration refreshIn = left.minus(before);
        LOG.info(() -> (renewal ? "renewed" : "holding") + " a relay reservation on " + relay + " until " + r.expire()
                + " (" + r.limit() + "); refreshing in " + refreshIn.toSeconds() + " s");
        if (!closed) {
            slot.pending = later(() -> attemptNow(relay), refreshIn);
        }
        advertise();
    }

    private void failed(PeerId relay, Slot slot, Throwable error) {
        if (slot.reservation != null && !slot.reservation.expire().isAfter(clock.instant())) {
            slot.reservation = null;
            client.drop(relay);
            advertise();
        }
        slot.failures++;
        Duration retry = slot.backoff;
        slot.backoff = slot.backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : slot.backoff.multipliedBy(2);
        LOG.warning(() -> "relay reservation on " + relay + " failed (" + slot.failures + " in a row): "
                + error.getMessage() + "; retrying in " + retry.toSeconds() + " s");
        if (!closed) {
            slot.pending = later(() -> attemptNow(relay), retry);
        }
    }

    private void lost(PeerId relay) {
        Slot slot = slot(relay);
        cancel(slot);
        if (slot.reservation != null) {
            LOG.info(() -> "relay " + relay + " disconnected; its reservation is dropped until it reconnects");
            slot.reservation = null;
            client.drop(relay);
            advertise();
        }
    }

    private static void cancel(Slot slot) {
        if (slot.pending != null) {
            slot.pending.cancel(false);
            slot.pending = null;
        }
    }

    /**
     * Our relay addresses: those each relay gave in its reservation, or, when it gave none (a relay on a private
     * network gives none), the address we are connected to it at.
     */
    private void advertise() {
        List<Multiaddr> out = new ArrayList<>();
        for (Map.Entry<PeerId, Slot> e : slots.entrySet()) {
            Reservation r = e.getValue().reservation;
            if (r == null) {
                continue;
            }
            byte[] relayId = e.getKey().toBytes();
            if (!r.addrs().isEmpty()) {
                r.addrs().forEach(a -> out.add(a.withPeerId(relayId).encapsulate("/p2p-circuit")));
            } else {
                node.peer(e.getKey()).ifPresent(p -> out.add(p.remoteAddress().withPeerId(relayId)
                        .encapsulate("/p2p-circuit")));
            }
        }
        node.setCircuitAddresses(out);
    }
}
