package p2p.app;

import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import p2p.app.config.Settings;
import p2p.app.wiring.BanWiring;
import p2p.app.wiring.ConnectedPeers;
import p2p.app.wiring.DashboardView;
import p2p.app.wiring.KafkaWiring;
import p2p.app.wiring.NodeIdentity;
import p2p.app.wiring.OperatorBridge;
import p2p.app.wiring.ProtocolGeneration;
import p2p.ban.BanListMeters;
import p2p.chain.BlockValidationClient;
import p2p.chain.BlockchainClient;
import p2p.node.discovery.DiscoveryMeters;
import p2p.node.discovery.RunningDiscovery;
import p2p.node.host.NodeMeters;
import p2p.node.host.P2PNode;
import p2p.node.pubsub.Gossipsub;
import p2p.node.pubsub.PubsubMeters;
import p2p.server.GossipServer;
import p2p.server.P2PServer;
import p2p.server.PeerStatuses;
import p2p.server.ServerMeters;
import p2p.server.Teranode2026Server;
import p2p.web.BanListAccess;
import p2p.web.BanScoring;
import p2p.web.Meters;
import p2p.web.OperatorServer;

/**
 * The running node: every part built from the settings and started in the order of spec section 1, stopped in
 * reverse by {@link #close()}.
 */
public final class NodeApplication implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeApplication.class.getName());

    private final Settings settings;
    /** p2p_protocol: the parts of the Teranode generation this node speaks. */
    private final ProtocolGeneration generation;
    private final Lifecycle lifecycle = new Lifecycle();
    private final Clock clock = Clock.systemUTC();
    private BlockchainClient chain;
    private BlockValidationClient blockValidation;
    /** The ban list, its enforcement, the ban manager and the scorer. */
    private final BanWiring bans;
    private P2PNode node;
    private volatile OperatorServer operatorServer;
    /** Server events to the operator server's WebSocket clients, once that server runs. */
    private final OperatorBridge operatorBridge = new OperatorBridge(clock);
    /** The four Kafka clients, their stats, meters and readiness checks. */
    private final KafkaWiring kafka;
    private GossipServer server;
    /** The process's meter registry; this node's meters carry its peer id and are removed when it stops. */
    private final MeterRegistry meters = Meters.registry();
    /** Gossipsub once started (the dashboard asks it for topic and mesh peers). */
    private Gossipsub gossipsub;
    /** The DHT's routing-table size once discovery runs, for the dashboard; -1 before and without a DHT. */
    private volatile IntSupplier routingTableSize = () -> -1;
    private List<Tag> meterTags = List.of();

    private NodeApplication(Settings settings) {
        this.settings = settings;
        this.generation = ProtocolGeneration.of(settings);
        this.kafka = new KafkaWiring(settings.kafka());
        this.bans = new BanWiring(settings.ban(), clock);
    }

    /** Builds and starts every part; on failure what was started is stopped and a {@link StartupException} names the part. */
    public static NodeApplication start(Settings settings) {
        NodeApplication app = new NodeApplication(settings);
        app.startAll();
        return app;
    }

    private void startAll() {
        lifecycle.start("blockchain client", () -> {
            chain = ChainConnection.open(settings);
            return chain;
        });
        lifecycle.start("blockchain FSM wait", () -> {
            ChainConnection.awaitFsmLeavesIdle(chain, settings.blockchainGrpcAddress().orElse("embedded"));
            return () -> { };
        });
        settings.blockValidationGrpcAddress().ifPresent(address -> lifecycle.start("block-validation client", () -> {
            blockValidation = new BlockValidationClient(address);
            return blockValidation;
        }));
        lifecycle.start("ban list", bans::openList);
        lifecycle.start("ban enforcement", bans::startEnforcement);
        lifecycle.start("libp2p node", () -> {
            node = new P2PNode(generation.nodeConfig(settings, bans.enforcer(),
                    NodeIdentity.resolve(settings.privateKeyHex(), settings.dataDir(), chain)));
            node.start().get(30, TimeUnit.SECONDS);
            bans.enforcer().attach(node);
            LOG.info(() -> "libp2p node " + node.peerId() + " listening on " + node.listenAddresses());
            meterTags = List.of(Tag.create(Meters.PEER_ID_TAG, node.peerId().toString()));
            return node;
        });
        lifecycle.start("node and ban-list meters", () -> {
            List<Meter> nodeMeters = NodeMeters.register(node, meters, meterTags);
            AutoCloseable banMeters = BanListMeters.register(bans.list(), meters, meterTags);
            return () -> {
                banMeters.close();
                nodeMeters.forEach(meters::remove);
            };
        });
        lifecycle.start("ban scoring", bans::startScoring);
        lifecycle.start("gossipsub", () -> gossipsub = Gossipsub.start(node, generation.gossipConfig(), bans.scorer()));
        lifecycle.start("Kafka producers", () -> kafka.startProducers(meters, meterTags));
        lifecycle.start("P2P server (topics, handshake, blockchain subscription)", () -> {
            server = P2PServer.builder(generation.messageProfile(settings))
                    .node(node)
                    .pubsub(gossipsub)
                    .chain(chain)
                    .bans(bans.list(), bans.scorer())
                    .producers(kafka.blocksProducer(), kafka.subtreesProducer())
                    .announcements(operatorBridge)
                    .nodeStatuses(operatorBridge)
                    .clock(clock)
                    .buildServer();
            server.start();
            List<Meter> topicMeters = new ArrayList<>(ServerMeters.register(server.counters(), server.topics(), meters,
                    meterTags));
            topicMeters.addAll(PubsubMeters.registerTopicPeers(gossipsub, server.topics(), meters, meterTags));
            return () -> {
                topicMeters.forEach(meters::remove);
                server.close();
            };
        });
        lifecycle.start("Kafka consumers (rejected tx, invalid blocks)", () -> kafka.startConsumers(
                settings.consumerGroup(), server.rejectedTxHandler(), server.invalidBlocksHandler(), meters, meterTags));
        lifecycle.start("DHT and peer discovery (bootstrap, static peers, topic providers)", () -> {
            RunningDiscovery discovery = generation.start(settings, node, gossipsub,
                    peerId -> bans.manager().isBanned(peerId.toBase58()),
                    peerId -> server.peerStatus(peerId).map(PeerStatuses.Status::clientName).orElse(""));
            routingTableSize = discovery::routingTableSize;
            Meter routingTable = DiscoveryMeters.register(discovery, meters, meterTags);
            return () -> {
                meters.remove(routingTable);
                routingTableSize = () -> -1;
                discovery.close();
            };
        });
        lifecycle.start("operator server (HTTP, WebSocket, gRPC)", () -> {
            OperatorServer.Builder server = OperatorServer.builder(settings.web().withAdminApiKey(
                            AdminApiKey.resolve(settings.web().adminApiKey(), settings.dataDir())))
                    .banList(BanListAccess.of(bans.list()))
                    .banScoring(BanScoring.of(bans.manager()))
                    .peers(new ConnectedPeers(node, bans.manager(), generation.bootstrapPeers(settings), this.server))
                    .overview(new DashboardView(node, gossipsub, settings.protocol().generation(),
                            generation.dhtMode(settings), () -> routingTableSize.getAsInt(), this.server,
                            kafka.dashboardRows()))
                    .readinessCheck(OperatorBridge.chainHealth("blockchain", chain::health))
                    .readinessCheck(OperatorBridge.fsm(chain))
                    .meters(meters)
                    .meterTags(meterTags)
                    .clock(clock);
            if (blockValidation != null) {
                server.readinessCheck(OperatorBridge.chainHealth("block-validation", blockValidation::health));
            }
            kafka.readinessChecks().forEach(server::readinessCheck);
            OperatorServer started = server.start();
            if (this.server instanceof Teranode2026Server s2026) {
                operatorBridge.greetWithOwnStatus(started, s2026::ownStatus);
            }
            operatorServer = started;
            operatorBridge.attach(started);
            return started;
        });
    }

    /** The bound HTTP port (differs from the setting when that is 0). */
    public int httpPort() {
        return operatorServer.httpPort();
    }

    /** The bound gRPC port. */
    public int grpcPort() {
        return operatorServer.grpcPort();
    }

    /**
     * The line printed once the node serves: {@code p2p-server ready: http=host:port grpc=host:port peer=<id>
     * p2p=<multiaddrs, comma separated>}.
     */
    public String readyLine() {
        return "p2p-server ready: http=" + settings.web().httpHost() + ":" + httpPort()
                + " grpc=" + settings.web().grpcHost() + ":" + grpcPort()
                + " peer=" + node.peerId()
                + " p2p=" + node.listenAddresses().stream().map(a -> a + "/p2p/" + node.peerId())
                        .collect(Collectors.joining(","));
    }

    /** Where the node keeps its state. */
    public Path dataDir() {
        return settings.dataDir();
    }

    @Override
    public void close() {
        lifecycle.close();
    }
}
