package p2p.app.wiring;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import p2p.app.config.Settings;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.discovery.Discovery2025;
import p2p.node.discovery.Discovery2026;
import p2p.node.discovery.RunningDiscovery;
import p2p.node.host.ConnectionGater;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.host.PrivateAddressGater;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.pubsub.GossipConfig;
import p2p.node.pubsub.Gossipsub;
import p2p.server.MessageProfile;
import p2p.server.TopicNames;
import p2p.server.gen2026.ListenMode;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.Topics2026;

/**
 * The protocol generation the node speaks, chosen once by {@code p2p_protocol}: each one builds the libp2p host's
 * configuration and starts its own discovery parts, so no handler asks which generation runs.
 * {@link #TERANODE_2025} is the spec's July-2025 network ({@link NodeConfigFactory}, {@link Discovery2025});
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
    RunningDiscovery start(Settings settings, P2PNode node, Gossipsub gossipsub, Predicate<PeerId> isBanned,
                           Function<PeerId, String> peerNames);

    /**
     * The bootstrap peers GetPeers leaves out (Go's GetPeers skips its bootstrap servers): July 2025 by the
     * {@code /p2p/} part of {@code p2p_bootstrapAddresses}; 2026 by {@code p2p_bootstrap_peers}, its ids and, once
     * discovery has resolved them, the peers of its {@code /dnsaddr/} names that are not static peers.
     */
    Predicate<PeerId> bootstrapPeers(Settings settings);

    /** The DHT mode discovery runs in, as the dashboard shows it. */
    String dhtMode(Settings settings);

    /** The gossip server's message parts: the spec's five topics, or 2026's enveloped four. */
    MessageProfile messageProfile(Settings settings);

    /** July 2025: what the node did before generations existed. */
    final class Teranode2025 implements ProtocolGeneration {
        private Teranode2025() {
        }

        @Override
        public NodeConfig nodeConfig(Settings settings, ConnectionGater banGater, Ed25519PrivKey identity) {
            return NodeConfigFactory.create(settings, banGater, identity);
        }

        @Override
        public RunningDiscovery start(Settings settings, P2PNode node, Gossipsub gossipsub,
                                      Predicate<PeerId> isBanned, Function<PeerId, String> peerNames) {
            return Discovery2025.start(new Discovery2025.Settings(settings.dhtProtocolId(), settings.dhtUsePrivate(),
                    settings.topicNames().all(), settings.staticPeers().stream().map(Multiaddr::parse).toList(),
                    settings.bootstrapAddresses().stream().map(Multiaddr::parse).toList(),
                    settings.optimiseRetries()), node, isBanned);
        }

        @Override
        public Predicate<PeerId> bootstrapPeers(Settings settings) {
            Set<PeerId> ids = new HashSet<>();
            settings.bootstrapAddresses().forEach(a -> Multiaddr.parse(a).peerIdBytes().map(PeerId::fromBytes)
                    .ifPresent(ids::add));
            return ids::contains;
        }

        /** Discovery2025 always runs a DHT server. */
        @Override
        public String dhtMode(Settings settings) {
            return "server";
        }

        @Override
        public MessageProfile messageProfile(Settings settings) {
            return new MessageProfile.Teranode2025(settings.server());
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
        private final InstantSource clock;
        /** Set once discovery started: it knows the resolved bootstrap peers GetPeers leaves out. */
        private volatile Discovery2026 discovery;

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

        /** {@code p2p_dht_mode}; off without bootstrap peers, as go-p2p-message-bus runs it. */
        @Override
        public String dhtMode(Settings settings) {
            return settings.protocol().bootstrapPeers().isEmpty() ? "off" : settings.protocol().dhtMode();
        }

        @Override
        public MessageProfile messageProfile(Settings settings) {
            return new MessageProfile.Teranode2026(messageSettings(settings));
        }

        /** The 2026 message settings under Teranode's names (spec teranode-2026 1.3, 1.4, 1.6). */
        static Settings2026 messageSettings(Settings settings) {
            return new Settings2026(topicNames(settings), settings.clientName(), settings.server().dataHubUrl(), "",
                    ListenMode.parse(settings.protocol().listenMode()), settings.protocol().allowPrivateIps(),
                    Settings2026.STATUS_INTERVAL, "", "", "");
        }

        static List<String> topics(Settings settings) {
            return topicNames(settings).all();
        }

        /** The discovery settings of 2026, by Teranode's keys (spec 1.6). */
        static Discovery2026.Settings discoverySettings(Settings settings) {
            Settings.Protocol p = settings.protocol();
            // The connection manager keeps the peers of the 2026 names and, while the message layer still runs the
            // spec's, the 2025 names too.
            List<String> protectedTopics = new ArrayList<>(topics(settings));
            protectedTopics.addAll(settings.topicNames().all());
            return new Discovery2026.Settings(p.bootstrapPeers(), settings.staticPeers(), p.dhtMode(), p.listenMode(),
                    p.allowPrivateIps(), p.peerCacheDir(), p.relayReservations(), topics(settings), protectedTopics);
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

        @Override
        public Predicate<PeerId> bootstrapPeers(Settings settings) {
            Predicate<PeerId> named = new Discovery2026(discoverySettings(settings), clock).bootstrapPeers();
            return peer -> {
                Discovery2026 started = discovery;
                return started != null ? started.bootstrapPeers().test(peer) : named.test(peer);
            };
        }

        @Override
        public RunningDiscovery start(Settings settings, P2PNode node, Gossipsub gossipsub,
                                      Predicate<PeerId> isBanned, Function<PeerId, String> peerNames) {
            Discovery2026 started = new Discovery2026(discoverySettings(settings), clock);
            RunningDiscovery running = started.start(node, gossipsub, isBanned, peerNames);
            discovery = started;
            return running;
        }
    }
}
