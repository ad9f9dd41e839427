package p2p.node.dht;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * Teranode's peer discovery loop (spec section 2, "Discovery"), to be wired by the application:
 * <ol>
 * <li>at start, the bootstrap addresses ({@code p2p_bootstrapAddresses}) are dialled and every namespace (topic name)
 * is advertised; an advertisement that reached nobody is retried after {@code advertiseRetry}, later ones are
 * republished by the DHT;</li>
 * <li>every {@code findInterval} (5 s) the providers of every namespace are looked up in parallel and each one found
 * is dialled, skipping ourselves, connected peers, banned peers, peers without a usable address and peers with a dial
 * already under way; with {@code p2p_optimise_retries} also peers whose last dial failed with a peer id mismatch,
 * or with "no good addresses" while they offer none or only loopback addresses;</li>
 * <li>the static peers are kept connected by {@link StaticPeers}.</li>
 * </ol>
 */
public final class Discovery implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Discovery.class.getName());

    /**
     * Settings of the loop.
     *
     * @param namespaces         the topic names advertised and searched
     * @param bootstrapAddresses {@code p2p_bootstrapAddresses}, each ending in {@code /p2p/<id>}
     * @param staticPeers        {@code p2p_static_peers}, each ending in {@code /p2p/<id>}
     * @param optimiseRetries    {@code p2p_optimise_retries}
     * @param findInterval       pause between provider searches (5 s)
     * @param advertiseRetry     pause before advertising again when no peer took the record
     * @param staticTiming       the static-peer loop's timing
     */
    public record Settings(List<String> namespaces, List<Multiaddr> bootstrapAddresses, List<Multiaddr> staticPeers,
                           boolean optimiseRetries, Duration findInterval, Duration advertiseRetry,
                           StaticPeers.Timing staticTiming) {
        public static final Duration DEFAULT_FIND_INTERVAL = Duration.ofSeconds(5);
        public static final Duration DEFAULT_ADVERTISE_RETRY = Duration.ofSeconds(30);

        public Settings {
            namespaces = List.copyOf(namespaces);
            bootstrapAddresses = List.copyOf(bootstrapAddresses);
            staticPeers = List.copyOf(staticPeers);
            Objects.requireNonNull(staticTiming, "staticTiming");
            for (Multiaddr a : bootstrapAddresses) {
                if (a.peerIdBytes().isEmpty()) {
                    throw new IllegalArgumentException("p2p_bootstrapAddresses entry " + a
                            + " must end with /p2p/<peer id>");
                }
            }
        }

        /** Spec timings. */
        public static Settings of(List<String> namespaces, List<Multiaddr> bootstrapAddresses,
                                  List<Multiaddr> staticPeers, boolean optimiseRetries) {
            return new Settings(namespaces, bootstrapAddresses, staticPeers, optimiseRetries, DEFAULT_FIND_INTERVAL,
                    DEFAULT_ADVERTISE_RETRY, StaticPeers.Timing.DEFAULT);
        }
    }

    /** What discovery needs of the DHT: routing discovery, or a stand-in in tests. */
    public interface Finder {
        CompletableFuture<Integer> advertise(String namespace);

        CompletableFuture<List<DhtPeer>> findPeers(String namespace);

        /** Routing discovery over {@code dht}. */
        static Finder of(RoutingDiscovery discovery) {
            return new Finder() {
                @Override
                public CompletableFuture<Integer> advertise(String namespace) {
                    return discovery.advertise(namespace);
                }

                @Override
                public CompletableFuture<List<DhtPeer>> findPeers(String namespace) {
                    return discovery.findPeers(namespace);
                }
            };
        }
    }

    private final Settings settings;
    private final PeerId self;
    private final Finder finder;
    private final PeerDialer dialer;
    private final Predicate<PeerId> isConnected;
    private final Predicate<PeerId> isBanned;
    private final AddressFilter addressFilter;
    private final ScheduledExecutorService scheduler;
    private final StaticPeers staticPeers;
    // dials under way, so a peer found by several namespaces or rounds is dialled once; concurrent
    private final Map<PeerId, Boolean> dialing = new ConcurrentHashMap<>();
    // last dial failure per peer (p2p_optimise_retries); concurrent
    private final Map<PeerId, DialFailure> lastFailure = new ConcurrentHashMap<>();
    private final AtomicBoolean roundRunning = new AtomicBoolean();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private boolean closed;

    public Discovery(Settings settings, PeerId self, Finder finder, PeerDialer dialer, Predicate<PeerId> isConnected,
                     Predicate<PeerId> isBanned, AddressFilter addressFilter, ScheduledExecutorService scheduler,
                     InstantSource clock) {
        this.settings = settings;
        this.self = self;
        this.finder = finder;
        this.dialer = dialer;
        this.isConnected = isConnected;
        this.isBanned = isBanned;
        this.addressFilter = addressFilter;
        this.scheduler = scheduler;
        this.staticPeers = new StaticPeers(settings.staticPeers(), dialer, isConnected, settings.staticTiming(),
                scheduler, clock);
    }

    /** Dials the bootstrap peers, starts advertising, the provider loop and the static-peer loop. */
    public synchronized void start() {
        for (Multiaddr a : settings.bootstrapAddresses()) {
            PeerId peer = PeerId.fromBytes(a.peerIdBytes().orElseThrow());
            if (!peer.equals(self)) {
                dial(peer, List.of(a.withoutPeerId()));
            }
        }
        settings.namespaces().forEach(this::advertise);
        long every = settings.findInterval().toMillis();
        tasks.add(scheduler.scheduleWithFixedDelay(this::findRound, every, every, TimeUnit.MILLISECONDS));
        staticPeers.start();
    }

    @Override
    public synchronized void close() {
        closed = true;
        tasks.forEach(t -> t.cancel(false));
        tasks.clear();
        staticPeers.close();
    }

    private void advertise(String namespace) {
        finder.advertise(namespace).whenComplete((told, e) -> {
            if (e != null || told == 0) {
                LOG.log(Level.FINE, "advertising " + namespace + " reached no peer; retrying in "
                        + settings.advertiseRetry(), e);
                synchronized (this) {
                    if (!closed) {
                        tasks.add(scheduler.schedule(() -> advertise(namespace), settings.advertiseRetry().toMillis(),
                                TimeUnit.MILLISECONDS));
                    }
                }
            }
        });
    }

    /** One search over all namespaces; a round still running when the next is due makes the next one skip. */
    private void findRound() {
        if (!roundRunning.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<?>[] searches = settings.namespaces().stream()
                .map(ns -> finder.findPeers(ns).thenAccept(found -> found.forEach(this::consider)))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(searches).whenComplete((v, e) -> {
            roundRunning.set(false);
            if (e != null) {
                LOG.log(Level.FINE, "provider search failed", e);
            }
        });
    }

    /** Dials {@code found} unless one of the skip rules applies. */
    void consider(DhtPeer found) {
        PeerId peer = found.id();
        if (peer.equals(self) || isConnected.test(peer) || isBanned.test(peer) || dialing.containsKey(peer)) {
            return;
        }
        List<Multiaddr> addresses = addressFilter.filter(peer, found.addresses());
        if (settings.optimiseRetries() && skipForOptimisedRetries(peer, addresses)) {
            return;
        }
        if (addresses.isEmpty()) {
            return;
        }
        dial(peer, addresses);
    }

    private boolean skipForOptimisedRetries(PeerId peer, List<Multiaddr> addresses) {
        DialFailure last = lastFailure.get(peer);
        if (last == DialFailure.PEER_ID_MISMATCH) {
            return true;
        }
        return last == DialFailure.NO_GOOD_ADDRESSES
                && addresses.stream().allMatch(AddressFilter::isLoopback);
    }

    private void dial(PeerId peer, List<Multiaddr> addresses) {
        if (dialing.putIfAbsent(peer, Boolean.TRUE) != null) {
            return;
        }
        CompletableFuture<?> attempt;
        try {
            attempt = dialer.dial(peer, addresses);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((ok, e) -> {
            dialing.remove(peer);
            if (e == null) {
                lastFailure.remove(peer);
            } else {
                lastFailure.put(peer, DialFailure.of(e));
                LOG.fine(() -> "dialling discovered peer " + peer + " failed: " + e);
            }
        });
    }

    /** The last dial failure recorded for {@code peer}, if its last dial failed. */
    public Optional<DialFailure> lastFailure(PeerId peer) {
        return Optional.ofNullable(lastFailure.get(peer));
    }
}
