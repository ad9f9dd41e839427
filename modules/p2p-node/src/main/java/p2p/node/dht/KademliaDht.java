package p2p.node.dht;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * One node of the Kademlia DHT (libp2p/specs kad-dht/README.md). It always runs in server mode, answering FIND_NODE,
 * GET_PROVIDERS, ADD_PROVIDER and PING (Teranode runs "auto-server" on networks where every node is reachable);
 * as a client it runs iterative lookups ({@link IterativeLookup}, alpha queries in flight, each bounded by the query
 * timeout, the whole bounded by the lookup timeout), provides keys to the k closest peers and re-provides them every
 * republish interval, and finds providers. Peers enter the routing table when the host reports them as DHT servers
 * or when they answer one of our queries, and leave it when a query to them fails.
 */
public final class KademliaDht implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KademliaDht.class.getName());

    private final DhtNetwork network;
    private final DhtConfig config;
    private final PeerId self;
    private final RoutingTable table;
    private final ProviderStore providers;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final SecureRandom random = new SecureRandom();
    // keys we provide (hex -> key), re-provided by the republish task; concurrent
    private final Map<String, byte[]> providing = new ConcurrentHashMap<>();
    // least-recently-seen peers being pinged because a newcomer wants their slot; concurrent
    private final Set<PeerId> pinging = ConcurrentHashMap.newKeySet();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    /**
     * A DHT node on {@code network}. {@code scheduler} runs timers only (it may be shared); pass null to have the
     * node own a single daemon thread.
     */
    public KademliaDht(DhtNetwork network, DhtConfig config, ScheduledExecutorService scheduler, InstantSource clock) {
        this.network = network;
        this.config = config;
        this.self = network.localPeer();
        this.table = new RoutingTable(self, config.k(), clock);
        this.providers = new ProviderStore(config.providerTtl(), ProviderStore.DEFAULT_MAX_KEYS,
                ProviderStore.DEFAULT_MAX_PROVIDERS_PER_KEY, clock);
        this.ownsScheduler = scheduler == null;
        this.scheduler = scheduler != null ? scheduler : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dht-timers");
            t.setDaemon(true);
            return t;
        });
    }

    public KademliaDht(DhtNetwork network, DhtConfig config) {
        this(network, config, null, InstantSource.system());
    }

    /** Starts serving requests and the periodic refresh, republish and expiry tasks. */
    public synchronized void start() {
        network.serve(this::handle);
        network.addListener(this::addPeer);
        long refresh = config.refreshInterval().toMillis();
        long republish = config.republishInterval().toMillis();
        tasks.add(scheduler.scheduleWithFixedDelay(this::refreshQuietly, refresh, refresh, TimeUnit.MILLISECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(this::republish, republish, republish, TimeUnit.MILLISECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(providers::expire, refresh, refresh, TimeUnit.MILLISECONDS));
    }

    @Override
    public synchronized void close() {
        tasks.forEach(t -> t.cancel(false));
        tasks.clear();
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    public PeerId localPeer() {
        return self;
    }

    public DhtConfig config() {
        return config;
    }

    public RoutingTable routingTable() {
        return table;
    }

    public ProviderStore providerStore() {
        return providers;
    }

    // ---- routing table upkeep ----

    /**
     * Offers {@code peer} to the routing table. When its bucket is full the least recently seen peer is pinged and
     * replaced only if it does not answer.
     */
    public void addPeer(PeerId peer, List<Multiaddr> addresses) {
        List<Multiaddr> kept = config.addressFilter().filter(peer, addresses);
        if (table.add(peer, kept) instanceof RoutingTable.AddResult.BucketFull full) {
            RoutingTable.Entry old = full.leastRecentlySeen();
            if (!pinging.add(old.peer())) {
                return;
            }
            network.request(old.peer(), old.addresses(), DhtMessage.request(DhtMessage.Type.PING, new byte[0]),
                            config.queryTimeout())
                    .orTimeout(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((r, e) -> {
                        pinging.remove(old.peer());
                        if (e == null) {
                            table.add(old.peer(), List.of());
                        } else {
                            table.replace(old.peer(), peer, kept);
                        }
                    });
        }
    }

    /**
     * Refreshes the routing table: a lookup of our own id (which finds our neighbours and tells them about us) and
     * one of a random key (which reaches further buckets).
     */
    public CompletableFuture<List<DhtPeer>> refresh() {
        byte[] randomKey = new byte[32];
        random.nextBytes(randomKey);
        CompletableFuture<List<DhtPeer>> own = findClosestPeers(self.toBytes());
        CompletableFuture<List<DhtPeer>> far = findClosestPeers(randomKey);
        return own.thenCombine(far, (a, b) -> a);
    }

    private void refreshQuietly() {
        refresh().whenComplete((r, e) -> {
            if (e != null) {
                LOG.log(Level.FINE, "DHT refresh failed", e);
            }
        });
    }

    // ---- client operations ----

    /** The k peers closest to {@code key} that answered an iterative FIND_NODE lookup, closest first. */
    public CompletableFuture<List<DhtPeer>> findClosestPeers(byte[] key) {
        return lookup(key, DhtMessage.Type.FIND_NODE, (p, r) -> false);
    }

    /**
     * Announces that we provide {@code key} (a multihash) to the k closest peers, and keeps re-announcing it every
     * republish interval until {@link #stopProviding}. Completes with the number of peers that took the record.
     */
    public CompletableFuture<Integer> provide(byte[] key) {
        checkKey(key);
        providing.put(HexFormat.of().formatHex(key), key.clone());
        return sendProviderRecords(key);
    }

    /** Stops re-announcing {@code key}; records already sent lapse at the peers' ttl. */
    public void stopProviding(byte[] key) {
        providing.remove(HexFormat.of().formatHex(key));
    }

    private CompletableFuture<Integer> sendProviderRecords(byte[] key) {
        DhtPeer me = new DhtPeer(self, network.localAddresses());
        DhtMessage add = new DhtMessage(DhtMessage.Type.ADD_PROVIDER, key, List.of(), List.of(me));
        return findClosestPeers(key).thenCompose(closest -> {
            AtomicInteger told = new AtomicInteger();
            CompletableFuture<?>[] sends = closest.stream()
                    .map(p -> network.request(p.id(), p.addresses(), add, config.queryTimeout())
                            .orTimeout(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .handle((r, e) -> e == null ? told.incrementAndGet() : 0))
                    .toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(sends).thenApply(v -> told.get());
        });
    }

    private void republish() {
        for (byte[] key : providing.values()) {
            sendProviderRecords(key).whenComplete((n, e) -> {
                if (e != null) {
                    LOG.log(Level.FINE, "DHT republish of a provider record failed", e);
                }
            });
        }
    }

    /**
     * Finds up to {@code limit} providers of {@code key} (ourselves excluded): those this node holds, then those the
     * peers on an iterative GET_PROVIDERS lookup return; the lookup stops early once {@code limit} are known.
     */
    public CompletableFuture<List<DhtPeer>> findProviders(byte[] key, int limit) {
        checkKey(key);
        Map<PeerId, DhtPeer> found = new LinkedHashMap<>();
        for (ProviderStore.Provider p : providers.get(key)) {
            if (!p.peer().equals(self) && found.size() < limit) {
                found.put(p.peer(), new DhtPeer(p.peer(), p.addresses()));
            }
        }
        if (found.size() >= limit) {
            return CompletableFuture.completedFuture(List.copyOf(found.values()));
        }
        return lookup(key, DhtMessage.Type.GET_PROVIDERS, (from, response) -> {
            synchronized (found) {
                for (DhtPeer p : response.providerPeers()) {
                    if (!p.id().equals(self) && found.size() < limit) {
                        found.merge(p.id(), p, (a, b) -> a.addresses().isEmpty() ? b : a);
                    }
                }
                return found.size() >= limit;
            }
        }).thenApply(closest -> {
            synchronized (found) {
                return List.copyOf(found.values());
            }
        });
    }

    private static void checkKey(byte[] key) {
        if (key.length == 0 || key.length > DhtMessageCodec.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("DHT key must be 1.." + DhtMessageCodec.MAX_KEY_BYTES
                    + " bytes, got " + key.length);
        }
    }

    /**
     * Runs one iterative lookup of {@code key} with {@code type} requests. {@code onResponse} sees each answer and
     * returns true to stop the lookup early. Completes with the closest peers that answered; never fails (a lookup
     * that reaches nobody returns an empty list).
     */
    private CompletableFuture<List<DhtPeer>> lookup(byte[] key, DhtMessage.Type type,
                                                    BiPredicate<PeerId, DhtMessage> onResponse) {
        KadId target = KadId.ofKey(key);
        List<DhtPeer> seeds = table.closest(target, config.k()).stream()
                .map(e -> new DhtPeer(e.peer(), e.addresses()))
                .toList();
        IterativeLookup lookup = new IterativeLookup(target, config.k(), config.alpha(), self, seeds);
        CompletableFuture<List<DhtPeer>> result = new CompletableFuture<>();
        ScheduledFuture<?> deadline = scheduler.schedule(() -> result.complete(lookup.closestSucceeded()),
                config.lookupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> deadline.cancel(false));
        pump(lookup, DhtMessage.request(type, key), onResponse, result);
        return result;
    }

    private void pump(IterativeLookup lookup, DhtMessage request, BiPredicate<PeerId, DhtMessage> onResponse,
                      CompletableFuture<List<DhtPeer>> result) {
        if (result.isDone()) {
            return;
        }
        List<DhtPeer> next = lookup.nextToQuery();
        if (next.isEmpty() && (lookup.isDone() || lookup.inFlight() == 0)) {
            result.complete(lookup.closestSucceeded());
            return;
        }
        for (DhtPeer peer : next) {
            network.request(peer.id(), peer.addresses(), request, config.queryTimeout())
                    .orTimeout(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((response, e) -> {
                        if (e != null || response == null || response.type() != request.type()) {
                            lookup.failed(peer.id());
                            table.remove(peer.id());
                        } else {
                            lookup.succeeded(peer.id(), response.closerPeers());
                            addPeer(peer.id(), peer.addresses());
                            if (onResponse.test(peer.id(), response)) {
                                result.complete(lookup.closestSucceeded());
                                return;
                            }
                        }
                        pump(lookup, request, onResponse, result);
                    });
        }
    }

    // ---- server side ----

    /**
     * Answers one request from {@code from} (the handler given to {@link DhtNetwork#serve}).
     *
     * @throws DhtProtocolException for PUT_VALUE (this node keeps no values) and requests without a needed key
     */
    DhtMessage handle(PeerId from, DhtMessage request) {
        byte[] key = request.key();
        return switch (request.type()) {
            case PING -> DhtMessage.request(DhtMessage.Type.PING, new byte[0]);
            case FIND_NODE, GET_VALUE -> {
                requireKey(request);
                List<DhtPeer> closer = Arrays.equals(key, self.toBytes())
                        ? List.of(new DhtPeer(self, network.localAddresses(), DhtPeer.Connectedness.CONNECTED))
                        : closerPeers(key, from);
                yield new DhtMessage(request.type(), key, closer, List.of());
            }
            case GET_PROVIDERS -> {
                requireKey(request);
                List<DhtPeer> held = new ArrayList<>();
                if (providing.containsKey(HexFormat.of().formatHex(key))) {
                    held.add(new DhtPeer(self, network.localAddresses(), DhtPeer.Connectedness.CONNECTED));
                }
                for (ProviderStore.Provider p : providers.get(key)) {
                    held.add(new DhtPeer(p.peer(), p.addresses(), connectedness(p.peer())));
                }
                yield new DhtMessage(DhtMessage.Type.GET_PROVIDERS, key, closerPeers(key, from), held);
            }
            case ADD_PROVIDER -> {
                requireKey(request);
                for (DhtPeer p : request.providerPeers()) {
                    // a peer may only announce itself (spec: "the receiver MUST check the peer id")
                    if (p.id().equals(from)) {
                        List<Multiaddr> addrs = p.addresses().isEmpty()
                                ? table.get(from).map(RoutingTable.Entry::addresses).orElse(List.of())
                                : p.addresses();
                        providers.add(key, from, addrs);
                    }
                }
                yield null;
            }
            case PUT_VALUE -> throw new DhtProtocolException("PUT_VALUE is not supported: this DHT stores no values");
        };
    }

    private static void requireKey(DhtMessage request) {
        if (request.key().length == 0) {
            throw new DhtProtocolException(request.type() + " request without a key");
        }
    }

    /** The k closest peers to {@code key} we know addresses of, the requester left out. */
    private List<DhtPeer> closerPeers(byte[] key, PeerId requester) {
        List<DhtPeer> out = new ArrayList<>();
        for (RoutingTable.Entry e : table.closest(KadId.ofKey(key), config.k() + 1)) {
            if (!e.peer().equals(requester) && !e.addresses().isEmpty() && out.size() < config.k()) {
                out.add(new DhtPeer(e.peer(), e.addresses(), connectedness(e.peer())));
            }
        }
        return out;
    }

    private DhtPeer.Connectedness connectedness(PeerId peer) {
        return network.isConnected(peer) ? DhtPeer.Connectedness.CONNECTED : DhtPeer.Connectedness.NOT_CONNECTED;
    }
}
