package p2p.node.discovery;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;
import p2p.node.connmgr.ConnectionManager;
import p2p.node.connmgr.TrimPolicy;
import p2p.node.crypto.PeerId;
import p2p.node.dht.AddressFilter;
import p2p.node.dht.DhtConfig;
import p2p.node.dht.DhtMode;
import p2p.node.dht.DhtProtocol;
import p2p.node.dht.Discovery;
import p2p.node.dht.KademliaDht;
import p2p.node.dht.P2PNodeDhtNetwork;
import p2p.node.dht.RoutingDiscovery;
import p2p.node.dht.StaticPeers;
import p2p.node.dnsaddr.DnsaddrException;
import p2p.node.dnsaddr.DnsaddrResolver;
import p2p.node.dnsaddr.JndiTxtLookup;
import p2p.node.dnsaddr.KeptPeers;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.PeerRecord;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.peeraddr.PeerAddrProtocol;
import p2p.node.peercache.CachedPeer;
import p2p.node.peercache.PeerCache;
import p2p.node.pubsub.Gossipsub;
import p2p.node.relay.RelayClient;
import p2p.node.relay.ReservationKeeper;
import p2p.node.relay.ReservationPolicy;

/**
 * How a Teranode 2026 node finds and keeps peers, as go-p2p-message-bus configures go-libp2p (spec teranode-2026.md
 * 1.1-1.3): {@code /p2p-msg-bus/peer-addr-request/1.0.0} served; the connection manager (25/35, 20 s grace, topic
 * peers kept); the 24 h peer cache {@code p2p_peers.json} (dialled at start, written every 30 s and at stop);
 * bootstrap ({@code /dnsaddr/} resolved) and static peers kept connected; circuit relay; the Kademlia DHT on
 * {@code /ipfs/kad/1.0.0} only in {@code p2p_dht_mode} client or server, with bootstrap peers, and not in
 * {@code listen_mode: silent}.
 */
public final class Discovery2026 {
    private static final Logger LOG = Logger.getLogger(Discovery2026.class.getName());
    /** go-p2p-message-bus's maintenance loop period. */
    public static final Duration REDIAL_INTERVAL = Duration.ofSeconds(30);

    /**
     * What discovery needs of the settings.
     *
     * @param bootstrapPeers    {@code p2p_bootstrap_peers}: {@code /dnsaddr/} names or multiaddrs with {@code /p2p/}
     * @param staticPeers       {@code p2p_static_peers}
     * @param dhtMode           {@code p2p_dht_mode}: off, client or server
     * @param listenMode        {@code listen_mode}: full, listen_only or silent (silent forces the DHT off)
     * @param allowPrivateIps   {@code p2p_allow_private_ips} (named in the start log)
     * @param peerCacheDir      {@code p2p_peer_cache_dir}
     * @param relayReservations {@code p2p_relay_reservations}: auto, always or never
     * @param namespaces        the 2026 topic names, advertised on the DHT
     * @param protectedTopics   the topics whose peers the connection manager keeps (the 2026 names, and the 2025
     *                          ones while the message layer still runs them)
     */
    public record Settings(List<String> bootstrapPeers, List<String> staticPeers, String dhtMode, String listenMode,
                           boolean allowPrivateIps, Path peerCacheDir, String relayReservations,
                           List<String> namespaces, List<String> protectedTopics) {
        public Settings {
            bootstrapPeers = List.copyOf(bootstrapPeers);
            staticPeers = List.copyOf(staticPeers);
            namespaces = List.copyOf(namespaces);
            protectedTopics = List.copyOf(protectedTopics);
        }
    }

    /**
     * Checks a {@code /dnsaddr/} bootstrap entry's form without resolving it, so a malformed one is a settings error
     * at load.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static void checkDnsaddr(String text) {
        try {
            DnsaddrResolver.checkConfigured(text);
        } catch (DnsaddrException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private final Settings settings;
    private final InstantSource clock;
    /** Set once started: the resolved bootstrap peers GetPeers leaves out. */
    private volatile KeptPeers keptPeers;
    /** Built once: GetPeers asks it for every connected peer. */
    private final Predicate<PeerId> bootstrapPeers;

    public Discovery2026(Settings settings, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
        this.bootstrapPeers = bootstrapPeer(settings, () -> {
            KeptPeers kept = keptPeers;
            return kept == null ? Map.of() : kept.peers();
        });
    }

    /**
     * The bootstrap peers GetPeers leaves out (Go's GetPeers skips its bootstrap servers): those named by id in
     * {@code p2p_bootstrap_peers} and, once {@link #start} has resolved them, the peers of its {@code /dnsaddr/}
     * names that are not static peers.
     */
    public Predicate<PeerId> bootstrapPeers() {
        return bootstrapPeers;
    }

    static Predicate<PeerId> bootstrapPeer(Settings settings, Supplier<Map<PeerId, ?>> resolved) {
        Set<PeerId> named = new HashSet<>();
        settings.bootstrapPeers().forEach(a -> Multiaddr.parse(a).peerIdBytes()
                .map(PeerId::fromBytes).ifPresent(named::add));
        Set<PeerId> statics = new HashSet<>();
        settings.staticPeers().forEach(a -> Multiaddr.parse(a).peerIdBytes()
                .map(PeerId::fromBytes).ifPresent(statics::add));
        boolean resolves = settings.bootstrapPeers().stream().anyMatch(a -> a.startsWith("/dnsaddr/"));
        return peer -> named.contains(peer)
                || (resolves && !statics.contains(peer) && resolved.get().containsKey(peer));
    }

    /**
     * Serves the extra stream protocols and starts every part; the handle stops them.
     *
     * @param peerNames a peer's name as it calls itself (its node_status client name), empty when unknown
     */
    public RunningDiscovery start(P2PNode node, Gossipsub gossipsub, Predicate<PeerId> isBanned,
                                  Function<PeerId, String> peerNames) {
        PeerAddrProtocol.serve(node);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "discovery-2026");
            thread.setDaemon(true);
            return thread;
        });
        List<AutoCloseable> parts = new ArrayList<>();
        String kad = DhtProtocol.protocolId(DhtProtocol.IPFS_PREFIX, true);
        P2PNodeDhtNetwork network = new P2PNodeDhtNetwork(node, kad, AddressFilter.DEFAULT);
        List<Multiaddr> kept = new ArrayList<>();
        settings.bootstrapPeers().forEach(a -> kept.add(Multiaddr.parse(a)));
        settings.staticPeers().forEach(a -> kept.add(Multiaddr.parse(a)));
        KeptPeers keptPeers = new KeptPeers(kept, new DnsaddrResolver(new JndiTxtLookup()), network.dialer(),
                node::isConnected, new StaticPeers.Timing(REDIAL_INTERVAL, REDIAL_INTERVAL, Duration.ofMinutes(5)),
                REDIAL_INTERVAL, scheduler, clock);
        keptPeers.start();
        parts.add(keptPeers);
        this.keptPeers = keptPeers;
        startRelayClient(node, keptPeers, scheduler, parts);
        PeerCache cache = new PeerCache(settings.peerCacheDir(), clock);
        for (CachedPeer cached : cache.load()) {
            network.dialer().dial(cached.id(), cached.addrs()).whenComplete((ok, e) -> {
                if (e != null) {
                    LOG.fine(() -> "cached peer " + cached.id() + " not reached: " + e.getMessage());
                }
            });
        }
        scheduler.scheduleWithFixedDelay(() -> savePeers(cache, node, peerNames), REDIAL_INTERVAL.toMillis(),
                REDIAL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        parts.add(() -> savePeers(cache, node, peerNames));
        ConnectionManager connections = new ConnectionManager(node, TrimPolicy.TERANODE_2026,
                () -> topicPeers(settings.protectedTopics(), gossipsub), scheduler, clock);
        connections.start();
        parts.add(connections);
        DhtMode mode = DhtMode.parse(settings.dhtMode());
        if (settings.listenMode().equals("silent")) {
            mode = DhtMode.OFF;
        }
        if (mode != DhtMode.OFF && settings.bootstrapPeers().isEmpty()) {
            // go-p2p-message-bus would fall back to the public IPFS bootstrap peers here; we never do.
            LOG.warning("p2p_dht_mode=" + settings.dhtMode() + " but p2p_bootstrap_peers is empty:"
                    + " the DHT is not started (it would have no network but the public IPFS one)");
            mode = DhtMode.OFF;
        }
        KademliaDht dht = null;
        if (mode != DhtMode.OFF) {
            dht = new KademliaDht(mode.network(network), DhtConfig.defaults(kad), scheduler, clock);
            dht.start();
            parts.add(dht);
            Discovery discovery = new Discovery(Discovery.Settings.of(settings.namespaces(), List.of(), List.of(),
                    false), node.peerId(), Discovery.Finder.of(new RoutingDiscovery(dht)), network.dialer(),
                    node::isConnected, isBanned, AddressFilter.DEFAULT, scheduler, clock);
            discovery.start();
            parts.add(discovery);
        }
        LOG.info(() -> "Teranode 2026 profile: DHT " + settings.dhtMode() + " on " + kad
                + ", listen_mode " + settings.listenMode() + ", private addresses "
                + (settings.allowPrivateIps() ? "allowed" : "refused"));
        AutoCloseable stop = () -> {
            for (int i = parts.size() - 1; i >= 0; i--) {
                parts.get(i).close();
            }
            scheduler.shutdownNow();
            node.removeStreamHandler(PeerAddrProtocol.PROTOCOL_ID);
        };
        if (dht == null) {
            return RunningDiscovery.withoutDht(stop);
        }
        KademliaDht running = dht;
        return new RunningDiscovery() {
            @Override
            public int routingTableSize() {
                return running.routingTable().size();
            }

            @Override
            public void close() throws Exception {
                stop.close();
            }
        };
    }

    /**
     * Circuit relay v2 as the bus has it (EnableRelay, EnableAutoRelayWithStaticRelays(bootstrapPeers)): relayed
     * addresses are dialled and relayed connections accepted; slots are reserved on the bootstrap peers (those
     * once resolved) when {@code p2p_relay_reservations} says so. We are never a relay ourselves.
     */
    private void startRelayClient(P2PNode node, KeptPeers kept, ScheduledExecutorService scheduler,
                                  List<AutoCloseable> parts) {
        RelayClient relay = RelayClient.install(node);
        parts.add(relay::uninstall);
        ReservationPolicy policy = ReservationPolicy.parse(settings.relayReservations());
        boolean reserve = policy.reserve(!node.config().advertiseAddresses().isEmpty(), node.advertisedAddresses());
        if (!reserve || settings.bootstrapPeers().isEmpty()) {
            LOG.info(() -> "circuit relay: dialling and accepting relayed connections; no reservations ("
                    + (reserve ? "p2p_bootstrap_peers is empty" : "p2p_relay_reservations="
                    + settings.relayReservations()) + ")");
            return;
        }
        ReservationKeeper keeper = new ReservationKeeper(relay, bootstrapPeer(settings, kept::peers), scheduler,
                Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMinutes(5));
        keeper.start();
        parts.add(keeper);
        LOG.info(() -> "circuit relay: reserving on the bootstrap peers (p2p_relay_reservations="
                + settings.relayReservations() + ")");
    }

    /**
     * Writes the connected peers (their signed addresses when we have them) to p2p_peers.json. The bus names a
     * cached peer as it names itself in its messages; ours is its node_status client name.
     */
    private void savePeers(PeerCache cache, P2PNode node, Function<PeerId, String> peerNames) {
        List<CachedPeer> seen = new ArrayList<>();
        for (PeerInfo peer : node.peers()) {
            List<Multiaddr> addrs = node.peerRecord(peer.peerId()).map(PeerRecord::addresses)
                    .orElse(peer.listenAddrs());
            if (!addrs.isEmpty()) {
                seen.add(new CachedPeer(peer.peerId(), peerNames.apply(peer.peerId()), addrs, clock.instant()));
            }
        }
        try {
            cache.save(seen);
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> e.getMessage());
        }
    }

    /**
     * The peers the connection manager protects, as the bus tags them: those on the protected topics. Runs on the
     * discovery scheduler.
     */
    static Set<PeerId> topicPeers(List<String> topics, Gossipsub gossipsub) {
        if (!gossipsub.isRunning()) {
            return Set.of();
        }
        Set<PeerId> out = new HashSet<>();
        for (String topic : topics) {
            try {
                out.addAll(gossipsub.topicPeers(topic).get(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted asking gossipsub for the peers of " + topic, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("gossipsub did not tell the peers of " + topic, e);
            }
        }
        return out;
    }
}
