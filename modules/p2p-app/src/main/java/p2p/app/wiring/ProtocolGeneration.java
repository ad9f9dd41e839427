package p2p.app.wiring;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
import p2p.app.config.Settings;
import p2p.node.connmgr.ConnectionManager;
import p2p.node.connmgr.TrimPolicy;
import p2p.node.crypto.Ed25519PrivKey;
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
import p2p.node.dnsaddr.DnsaddrResolver;
import p2p.node.dnsaddr.JndiTxtLookup;
import p2p.node.dnsaddr.KeptPeers;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.peeraddr.PeerAddrProtocol;
import p2p.node.peercache.CachedPeer;
import p2p.node.peercache.PeerCache;
import p2p.node.pubsub.GossipConfig;
import p2p.node.record.PeerRecord;
import p2p.node.relay.RelayClient;
import p2p.node.relay.ReservationKeeper;
import p2p.node.relay.ReservationPolicy;
import p2p.node.host.ConnectionGater;
import p2p.node.transport.PrivateAddressGater;
import p2p.server.TopicNames;
import p2p.server.gen2026.Topics2026;

/**
 * The protocol generation the node speaks, chosen once by {@code p2p_protocol}: each one builds the libp2p host's
 * configuration and starts its own discovery parts, so no handler asks which generation runs.
 * {@link #TERANODE_2025} is the spec's July-2025 network ({@link NodeConfigFactory}, {@link PeerDiscovery});
 * {@link Teranode2026} is today's (spec teranode-2026.md sections 1.1-1.3, 1.6).
 */
public sealed interface ProtocolGeneration permits ProtocolGeneration.Teranode2025, ProtocolGeneration.Teranode2026 {
    /** The spec's generation: PSK, {@code /teranode/kad/1.0.0}, bootstrap and static peers, as before. */
    ProtocolGeneration TERANODE_2025 = new Teranode2025();

    /** The generation {@code settings.protocol().generation()} names. */
    static ProtocolGeneration of(Settings settings) {
        return settings.protocol().generation().equals(Settings.Protocol.TERANODE_2026)
                ? new Teranode2026(InstantSource.system()) : TERANODE_2025;
    }

    /** The host's configuration; {@code banGater} is the ban list's gater, {@code identity} the node key chosen. */
    NodeConfig nodeConfig(Settings settings, ConnectionGater banGater, Ed25519PrivKey identity);

    /** Gossipsub as this generation runs it: the spec's parameters; 2026 adds peer exchange (spec 2026 1.2). */
    default GossipConfig gossipConfig() {
        return GossipConfig.defaults();
    }

    /**
     * Serves this generation's extra stream protocols and starts its discovery; the handle stops them.
     *
     * @param peerNames a peer's name as it calls itself (2026: its node_status client name), empty when unknown
     */
    RunningDiscovery start(Settings settings, P2PNode node, Predicate<PeerId> isBanned,
                           Function<PeerId, String> peerNames);

    /**
     * The bootstrap peers GetPeers leaves out (Go's GetPeers skips its bootstrap servers): July 2025 by the
     * {@code /p2p/} part of {@code p2p_bootstrapAddresses}; 2026 by {@code p2p_bootstrap_peers}, its ids and, once
     * discovery has resolved them, the peers of its {@code /dnsaddr/} names that are not static peers.
     */
    Predicate<PeerId> bootstrapPeers(Settings settings);

    /** July 2025: what the node did before generations existed. */
    final class Teranode2025 implements ProtocolGeneration {
        private Teranode2025() {
        }

        @Override
        public NodeConfig nodeConfig(Settings settings, ConnectionGater banGater, Ed25519PrivKey identity) {
            return NodeConfigFactory.create(settings, banGater, identity);
        }

        @Override
        public RunningDiscovery start(Settings settings, P2PNode node, Predicate<PeerId> isBanned,
                                      Function<PeerId, String> peerNames) {
            return PeerDiscovery.start(settings, node, isBanned);
        }

        @Override
        public Predicate<PeerId> bootstrapPeers(Settings settings) {
            Set<PeerId> ids = new HashSet<>();
            settings.bootstrapAddresses().forEach(a -> Multiaddr.parse(a).peerIdBytes().map(PeerId::fromBytes)
                    .ifPresent(ids::add));
            return ids::contains;
        }
    }

    /**
     * Teranode 2026 as go-p2p-message-bus configures go-libp2p: no PSK; the private-address gater before the ban
     * list; identify with protocolVersion {@code /teranode/bitcoin/<net>/1.0.0} and our signed peer record;
     * {@code /p2p-msg-bus/peer-addr-request/1.0.0} served; the connection manager (25/35, 20 s grace, topic peers
     * kept); the 24 h peer cache {@code p2p_peers.json} (dialled at start, written every 30 s and at stop);
     * bootstrap ({@code /dnsaddr/} resolved) and static peers
     * kept connected; the Kademlia DHT on {@code /ipfs/kad/1.0.0} only in {@code p2p_dht_mode} client or server, with
     * bootstrap peers, and not in {@code listen_mode: silent}.
     */
    final class Teranode2026 implements ProtocolGeneration {
        private static final Logger LOG = Logger.getLogger(Teranode2026.class.getName());
        /** go-p2p-message-bus's maintenance loop period. */
        static final Duration REDIAL_INTERVAL = Duration.ofSeconds(30);
        /** Topic settings of 2026 (spec 1.4); node_status has no setting in this node yet. */

        private final InstantSource clock;
        /** Set once discovery started: the resolved bootstrap peers GetPeers leaves out. */
        private volatile KeptPeers keptPeers;

        Teranode2026(InstantSource clock) {
            this.clock = clock;
        }

        /** {@code /teranode/bitcoin/<net>/1.0.0}: identify's protocolVersion (spec 1.1). */
        static String protocolVersion(Settings settings) {
            return "/teranode/bitcoin/" + settings.network().name().toLowerCase(Locale.ROOT) + "/1.0.0";
        }

        /**
         * {@code teranode/bitcoin/1.0.0/<net>-<setting>}: the 2026 topic names (spec 1.4), for the gossip server, the
         * DHT namespaces and the connection manager's protected peers alike.
         */
        public static Topics2026 topicNames(Settings settings) {
            TopicNames t = settings.server().topicSettings();
            return Topics2026.of(settings.network().name().toLowerCase(Locale.ROOT), t.block(), t.subtree(),
                    settings.protocol().nodeStatusTopic(), t.rejectedTx());
        }

        static List<String> topics(Settings settings) {
            return topicNames(settings).all();
        }

        /** Writes the connected peers (their signed addresses when we have them) to p2p_peers.json. */
        /** The bus names a cached peer as it names itself in its messages; ours is its node_status client name. */
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
         * The peers the connection manager protects, as the bus tags them: those on our topics, the 2026 names and,
         * while the message layer still runs the spec's, the 2025 names too. Runs on the discovery scheduler.
         */
        static Set<PeerId> topicPeers(Settings settings, P2PNode node) {
            if (!node.isPubsubRunning()) {
                return Set.of();
            }
            List<String> names = new ArrayList<>(topics(settings));
            names.addAll(settings.topicNames().all());
            Set<PeerId> out = new HashSet<>();
            for (String topic : names) {
                try {
                    out.addAll(node.topicPeers(topic).get(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted asking gossipsub for the peers of " + topic, e);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("gossipsub did not tell the peers of " + topic, e);
                }
            }
            return out;
        }

        /** go-p2p-message-bus creates gossipsub with WithPeerExchange(true). */
        @Override
        public GossipConfig gossipConfig() {
            return GossipConfig.defaults().withPeerExchange(true);
        }

        @Override
        public NodeConfig nodeConfig(Settings settings, ConnectionGater banGater, Ed25519PrivKey identity) {
            NodeConfig base = NodeConfigFactory.create(settings, banGater, identity);
            // The 2025 configuration is the base: identity, listen and advertise addresses are the same settings.
            NodeConfig.Builder builder = NodeConfig.builder(base.identityKey())
                    .noPrivateNetwork()
                    .gater(new PrivateAddressGater(settings.protocol().allowPrivateIps(), banGater))
                    .limits(base.limits())
                    .agentVersion(base.agentVersion())
                    .protocolVersion(protocolVersion(settings))
                    .signedPeerRecords(true);
            base.listenAddresses().forEach(builder::listen);
            if (!settings.protocol().listenMode().equals("silent")) {
                base.advertiseAddresses().forEach(builder::advertise);
            }
            return builder.build();
        }

        /**
         * Circuit relay v2 as the bus has it (EnableRelay, EnableAutoRelayWithStaticRelays(bootstrapPeers)): relayed
         * addresses are dialled and relayed connections accepted; slots are reserved on the bootstrap peers (those
         * once resolved) when {@code p2p_relay_reservations} says so. We are never a relay ourselves.
         */
        private static void startRelayClient(Settings settings, P2PNode node, KeptPeers kept,
                                             ScheduledExecutorService scheduler, List<AutoCloseable> parts) {
            RelayClient relay = RelayClient.install(node);
            parts.add(relay::uninstall);
            ReservationPolicy policy = ReservationPolicy.parse(settings.protocol().relayReservations());
            boolean reserve = policy.reserve(!node.config().advertiseAddresses().isEmpty(), node.advertisedAddresses());
            if (!reserve || settings.protocol().bootstrapPeers().isEmpty()) {
                LOG.info(() -> "circuit relay: dialling and accepting relayed connections; no reservations ("
                        + (reserve ? "p2p_bootstrap_peers is empty" : "p2p_relay_reservations="
                        + settings.protocol().relayReservations()) + ")");
                return;
            }
            ReservationKeeper keeper = new ReservationKeeper(relay, bootstrapPeer(settings, kept::peers), scheduler,
                    Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMinutes(5));
            keeper.start();
            parts.add(keeper);
            LOG.info(() -> "circuit relay: reserving on the bootstrap peers (p2p_relay_reservations="
                    + settings.protocol().relayReservations() + ")");
        }

        /**
         * Whether a peer is a bootstrap peer: named by id in {@code p2p_bootstrap_peers}, or resolved from one of its
         * {@code /dnsaddr/} names and not a static peer.
         */
        static Predicate<PeerId> bootstrapPeer(Settings settings, Supplier<Map<PeerId, ?>> resolved) {
            Set<PeerId> named = new HashSet<>();
            settings.protocol().bootstrapPeers().forEach(a -> Multiaddr.parse(a).peerIdBytes()
                    .map(PeerId::fromBytes).ifPresent(named::add));
            Set<PeerId> statics = new HashSet<>();
            settings.staticPeers().forEach(a -> Multiaddr.parse(a).peerIdBytes()
                    .map(PeerId::fromBytes).ifPresent(statics::add));
            boolean resolves = settings.protocol().bootstrapPeers().stream().anyMatch(a -> a.startsWith("/dnsaddr/"));
            return peer -> named.contains(peer)
                    || (resolves && !statics.contains(peer) && resolved.get().containsKey(peer));
        }

        @Override
        public Predicate<PeerId> bootstrapPeers(Settings settings) {
            return bootstrapPeer(settings, () -> {
                KeptPeers kept = keptPeers;
                return kept == null ? Map.of() : kept.peers();
            });
        }

        @Override
        public RunningDiscovery start(Settings settings, P2PNode node, Predicate<PeerId> isBanned,
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
            settings.protocol().bootstrapPeers().forEach(a -> kept.add(Multiaddr.parse(a)));
            settings.staticPeers().forEach(a -> kept.add(Multiaddr.parse(a)));
            KeptPeers keptPeers = new KeptPeers(kept, new DnsaddrResolver(new JndiTxtLookup()), network.dialer(),
                    node::isConnected, new StaticPeers.Timing(REDIAL_INTERVAL, REDIAL_INTERVAL, Duration.ofMinutes(5)),
                    REDIAL_INTERVAL, scheduler, clock);
            keptPeers.start();
            parts.add(keptPeers);
            this.keptPeers = keptPeers;
            startRelayClient(settings, node, keptPeers, scheduler, parts);
            PeerCache cache = new PeerCache(settings.protocol().peerCacheDir(), clock);
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
                    () -> topicPeers(settings, node), scheduler, clock);
            connections.start();
            parts.add(connections);
            DhtMode mode = DhtMode.parse(settings.protocol().dhtMode());
            if (settings.protocol().listenMode().equals("silent")) {
                mode = DhtMode.OFF;
            }
            if (mode != DhtMode.OFF && settings.protocol().bootstrapPeers().isEmpty()) {
                // go-p2p-message-bus would fall back to the public IPFS bootstrap peers here; we never do.
                LOG.warning("p2p_dht_mode=" + settings.protocol().dhtMode() + " but p2p_bootstrap_peers is empty:"
                        + " the DHT is not started (it would have no network but the public IPFS one)");
                mode = DhtMode.OFF;
            }
            KademliaDht dht = null;
            if (mode != DhtMode.OFF) {
                dht = new KademliaDht(mode.network(network), DhtConfig.defaults(kad), scheduler, clock);
                dht.start();
                parts.add(dht);
                Discovery discovery = new Discovery(Discovery.Settings.of(topics(settings), List.of(), List.of(), false),
                        node.peerId(), Discovery.Finder.of(new RoutingDiscovery(dht)), network.dialer(),
                        node::isConnected, isBanned, AddressFilter.DEFAULT, scheduler, clock);
                discovery.start();
                parts.add(discovery);
            }
            LOG.info(() -> "Teranode 2026 profile: DHT " + settings.protocol().dhtMode() + " on " + kad
                    + ", listen_mode " + settings.protocol().listenMode() + ", private addresses "
                    + (settings.protocol().allowPrivateIps() ? "allowed" : "refused"));
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
    }
}
