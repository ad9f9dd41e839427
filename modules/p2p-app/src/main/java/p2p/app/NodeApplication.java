package p2p.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import p2p.app.config.Settings;
import p2p.app.node.BanEnforcer;
import p2p.app.node.ConnectedPeers;
import p2p.app.node.ProtocolGeneration;
import p2p.ban.BanList;
import p2p.ban.BanSettings;
import p2p.ban.PeerBanManager;
import p2p.chain.BlockValidationClient;
import p2p.chain.BlockchainClient;
import p2p.chain.FsmState;
import p2p.chain.HealthStatus;
import p2p.kafka.ClientOptions;
import p2p.kafka.KafkaClients;
import p2p.kafka.KafkaSettings;
import p2p.kafka.KafkaStats;
import p2p.kafka.KafkaUrl;
import p2p.kafka.MessageConsumer;
import p2p.kafka.MessageProducer;
import p2p.node.host.P2PNode;
import p2p.node.pubsub.GossipConfig;
import p2p.server.Announcement;
import p2p.server.BanScorer;
import p2p.server.GossipServer;
import p2p.server.MessageProfile;
import p2p.server.P2PServer;
import p2p.server.Teranode2026Server;
import p2p.server.gen2026.ListenMode;
import p2p.server.gen2026.NodeStatusNotification;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.Topics2026;
import p2p.server.ServerCounters;
import p2p.server.ServerSettings;
import p2p.server.TopicNames;
import p2p.web.BanListAccess;
import p2p.web.BanScoring;
import p2p.web.OperatorServer;
import p2p.web.ReadinessCheck;
import p2p.web.WebSettings;
import p2p.web.metrics.WebMetrics;
import p2p.web.notify.Notification;

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
    private BanList banList;
    private PeerBanManager banManager;
    private BanEnforcer banEnforcer;
    private P2PNode node;
    private final KafkaStats blocksStats = new KafkaStats();
    private final KafkaStats subtreesStats = new KafkaStats();
    private final KafkaStats rejectedTxStats = new KafkaStats();
    private final KafkaStats invalidBlocksStats = new KafkaStats();
    private volatile OperatorServer operatorServer;
    private BanScorer banScorer;
    private KafkaClients kafkaClients;
    private MessageProducer blocksProducer;
    private MessageProducer subtreesProducer;
    private MessageConsumer rejectedTxConsumer;
    private MessageConsumer invalidBlocksConsumer;
    private GossipServer server;

    private NodeApplication(Settings settings) {
        this.settings = settings;
        this.generation = ProtocolGeneration.of(settings);
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
        lifecycle.start("ban list", () -> {
            Settings.Ban ban = settings.ban();
            banList = BanList.open(new BanSettings(ban.jdbcUrl(), ban.dbUser().orElse(null),
                    ban.dbPassword().orElse(null), ban.maxEntries(), ban.defaultDuration()), clock);
            return banList;
        });
        lifecycle.start("ban enforcement", () -> {
            banEnforcer = new BanEnforcer(banList);
            banManager = new PeerBanManager(settings.ban().threshold(), settings.ban().duration(), clock, banEnforcer);
            return banEnforcer;
        });
        lifecycle.start("libp2p node", () -> {
            node = new P2PNode(generation.nodeConfig(settings, banEnforcer));
            node.start().get(30, TimeUnit.SECONDS);
            banEnforcer.attach(node);
            LOG.info(() -> "libp2p node " + node.peerId() + " listening on " + node.listenAddresses());
            return node;
        });
        lifecycle.start("ban scoring", () -> {
            ExecutorService scoring = Executors.newVirtualThreadPerTaskExecutor();
            banScorer = new BanScorer(banManager, scoring);
            return scoring::shutdownNow;
        });
        lifecycle.start("gossipsub", () -> node.startPubsub(GossipConfig.defaults(), banScorer));
        lifecycle.start("Kafka producers", () -> {
            kafkaClients = new KafkaClients(ClientOptions.defaults()
                    .withProducerBufferLimit(settings.kafka().producerBufferLimit()));
            blocksProducer = kafkaClients.producer(kafkaUrl(KafkaSettings.BLOCKS_KEY, settings.kafka().blocks()),
                    blocksStats);
            subtreesProducer = kafkaClients.producer(kafkaUrl(KafkaSettings.SUBTREES_KEY,
                    settings.kafka().subtrees()), subtreesStats);
            return () -> {
                blocksProducer.close();
                subtreesProducer.close();
            };
        });
        lifecycle.start("P2P server (topics, handshake, blockchain subscription)", () -> {
            Settings.Topics t = settings.topics();
            TopicNames topics = new TopicNames(settings.topic(t.block()), settings.topic(t.subtree()),
                    settings.topic(t.miningOn()), settings.topic(t.rejectedTx()), settings.topic(t.handshake()));
            // p2p_protocol picks the message parts: the spec's five topics, or 2026's enveloped four (MessageProfile).
            MessageProfile profile = MessageProfile.forProtocol(settings.protocol().generation(),
                    () -> new ServerSettings(topics, settings.httpAddress()), this::settings2026);
            server = P2PServer.builder(profile)
                    .node(node)
                    .chain(chain)
                    .bans(banList, banScorer)
                    .producers(blocksProducer, subtreesProducer)
                    .announcements(this::announce)
                    .nodeStatuses(this::showNodeStatus)
                    .clock(clock)
                    .buildServer();
            server.start();
            return server;
        });
        lifecycle.start("Kafka consumers (rejected tx, invalid blocks)", () -> {
            rejectedTxConsumer = kafkaClients.consumer(kafkaUrl(KafkaSettings.REJECTED_TX_KEY,
                    settings.kafka().rejectedTx()), settings.kafka().consumerGroup(), server.rejectedTxHandler(), rejectedTxStats);
            invalidBlocksConsumer = kafkaClients.consumer(kafkaUrl(KafkaSettings.INVALID_BLOCKS_KEY,
                    settings.kafka().invalidBlocks()), settings.kafka().consumerGroup(), server.invalidBlocksHandler(), invalidBlocksStats);
            rejectedTxConsumer.start();
            invalidBlocksConsumer.start();
            return () -> {
                rejectedTxConsumer.close();
                invalidBlocksConsumer.close();
            };
        });
        lifecycle.start("DHT and peer discovery (bootstrap, static peers, topic providers)",
                () -> generation.start(settings, node, peerId -> banManager.isBanned(peerId.toBase58())));
        lifecycle.start("operator server (HTTP, WebSocket, gRPC)", () -> {
            OperatorServer.Builder server = OperatorServer.builder(webSettings())
                    .banList(BanListAccess.of(banList))
                    .banScoring(BanScoring.of(banManager))
                    .peers(new ConnectedPeers(node, banManager, settings.bootstrapAddresses(), this.server.peerHeights()))
                    .readinessCheck(ReadinessCheck.of("blockchain", () -> status(chain.health())))
                    .readinessCheck(ReadinessCheck.of("blockchain-fsm", this::fsmStatus))
                    .clock(clock);
            if (blockValidation != null) {
                server.readinessCheck(ReadinessCheck.of("block-validation", () -> status(blockValidation.health())));
            }
            kafkaReadiness(server);
            OperatorServer started = server.start();
            if (this.server instanceof Teranode2026Server s2026) {
                // Spec teranode-2026 1.8: a new WebSocket client first receives this node's own node_status.
                started.notifications().greetNewClientsWith(
                        () -> NodeStatusNotification.encode(s2026.ownStatus(), clock.instant()));
            }
            registerTopicMetrics(started.metrics());
            registerNodeMetrics(started.metrics());
            operatorServer = started;
            return started;
        });
    }

    private static KafkaUrl kafkaUrl(String key, String value) {
        return KafkaUrl.parse(key, value);
    }

    /** Readiness asks the Kafka brokers (spec section 8) when any URL names a real broker. */
    private void kafkaReadiness(OperatorServer.Builder web) {
        boolean anyBroker = !Stream.of(settings.kafka().blocks(), settings.kafka().subtrees(),
                        settings.kafka().rejectedTx(), settings.kafka().invalidBlocks())
                .allMatch(url -> url.strip().startsWith("memory:"));
        if (anyBroker) {
            web.readinessCheck(ReadinessCheck.of("kafka", () -> {
                boolean up = blocksProducer.brokersReachable() && subtreesProducer.brokersReachable()
                        && rejectedTxConsumer.brokersReachable() && invalidBlocksConsumer.brokersReachable();
                return up ? ReadinessCheck.Status.up("brokers reachable")
                        : ReadinessCheck.Status.down("a Kafka broker does not answer");
            }));
        }
    }

    /** Peers, wire bytes, refused connections and the Kafka bridge's counts on /metrics. */
    private void registerNodeMetrics(WebMetrics metrics) {
        metrics.gauge("p2p_peers_connected", "Connected libp2p peers", () -> node.peers().size());
        metrics.counterFunction("p2p_bytes_sent_total", "Bytes written on the wire by all libp2p connections",
                node::bytesSent);
        metrics.counterFunction("p2p_bytes_received_total", "Bytes read from the wire by all libp2p connections",
                node::bytesReceived);
        String gated = "Connections the ban list refused: inbound before any byte is read, outbound before dialling";
        metrics.counterFunction("p2p_connections_gated_total", gated, () -> node.transportStats().gatedInbound(),
                "direction", "inbound");
        metrics.counterFunction("p2p_connections_gated_total", gated, () -> node.transportStats().gatedOutbound(),
                "direction", "outbound");
        String limited = "Connections refused because a connection cap was reached";
        metrics.counterFunction("p2p_connections_limited_total", limited, () -> node.transportStats().limitedInbound(),
                "direction", "inbound");
        metrics.counterFunction("p2p_connections_limited_total", limited, () -> node.transportStats().limitedOutbound(),
                "direction", "outbound");
        producerMetrics(metrics, settings.kafka().blocks(), blocksStats);
        producerMetrics(metrics, settings.kafka().subtrees(), subtreesStats);
        consumerMetrics(metrics, settings.kafka().rejectedTx(), rejectedTxStats);
        consumerMetrics(metrics, settings.kafka().invalidBlocks(), invalidBlocksStats);
    }

    private static void producerMetrics(WebMetrics metrics, String url, KafkaStats stats) {
        metrics.counterFunction("p2p_kafka_produced_total", "Kafka messages the broker acknowledged",
                stats::produced, "url", url);
        metrics.counterFunction("p2p_kafka_retried_total", "Kafka messages sent again after a broker outage",
                stats::retried, "url", url);
        metrics.counterFunction("p2p_kafka_failed_total", "Kafka messages that failed for good",
                stats::failed, "url", url);
        metrics.counterFunction("p2p_kafka_dropped_total", "Kafka messages refused because the re-send buffer was full",
                stats::dropped, "url", url);
    }

    private static void consumerMetrics(WebMetrics metrics, String url, KafkaStats stats) {
        metrics.counterFunction("p2p_kafka_consumed_total", "Kafka messages handled", stats::consumed, "url", url);
        metrics.counterFunction("p2p_kafka_rejected_total", "Kafka messages the handler rejected, passed over",
                stats::rejected, "url", url);
        metrics.counterFunction("p2p_kafka_skipped_total", "Kafka messages lost to in-process retention",
                stats::skipped, "url", url);
    }

    /** Per-topic gossip counts on /metrics. */
    private void registerTopicMetrics(WebMetrics metrics) {
        for (String topic : server.topics()) {
            ServerCounters.TopicCounts counts = this.server.counters().topic(topic);
            metrics.counterFunction("p2p_topic_received_total", "Gossip messages delivered on a topic",
                    counts::received, "topic", topic);
            metrics.counterFunction("p2p_topic_accepted_total", "Gossip messages from peers that passed the checks",
                    counts::accepted, "topic", topic);
            metrics.counterFunction("p2p_topic_malformed_total", "Gossip messages that did not decode",
                    counts::malformed, "topic", topic);
            metrics.counterFunction("p2p_topic_banned_total", "Gossip messages dropped from banned addresses",
                    counts::banned, "topic", topic);
            metrics.counterFunction("p2p_topic_published_total", "Gossip messages this node published",
                    counts::published, "topic", topic);
            metrics.gauge("p2p_topic_peers", "Connected peers that announced a subscription to a gossip topic",
                    () -> topicPeers(topic), "topic", topic);
        }
    }

    /** How many connected peers announced {@code topic}; NaN when the pubsub loop does not answer in time. */
    private double topicPeers(String topic) {
        try {
            return node.topicPeers(topic).get(5, TimeUnit.SECONDS).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return Double.NaN;
        }
    }

    /** The 2026 message settings under Teranode's names (spec teranode-2026 1.3, 1.4, 1.6). */
    private Settings2026 settings2026() {
        Settings.Topics t = settings.topics();
        return new Settings2026(Topics2026.of(settings.network().name().toLowerCase(java.util.Locale.ROOT), t.block(),
                t.subtree(), "node_status", t.rejectedTx()), clientName(), settings.httpAddress(), "",
                ListenMode.parse(settings.protocol().listenMode()), settings.protocol().allowPrivateIps(),
                Settings2026.STATUS_INTERVAL, "", "", "");
    }

    /** {@code clientName}: Settings keeps it only inside the consumer group {@code p2p.<clientName>}. */
    private String clientName() {
        String group = settings.kafka().consumerGroup();
        return group.startsWith("p2p.") ? group.substring("p2p.".length()) : group;
    }

    /** A 2026 node_status goes to the WebSocket clients as type node_status (spec teranode-2026 1.8). */
    private void showNodeStatus(p2p.server.gen2026.message.NodeStatusMessage status) {
        OperatorServer web = operatorServer;
        if (web != null) {
            web.notifications().publishJson(NodeStatusNotification.encode(status, clock.instant()));
        }
    }

    /** Server announcements go to the WebSocket clients once the operator server is up. */
    private void announce(Announcement a) {
        OperatorServer web = operatorServer;
        if (web == null) {
            return;
        }
        web.notifications().publish(Notification.builder(a.type()).timestamp(clock.instant()).hash(a.hash())
                .baseUrl(a.baseUrl()).peerId(a.peerId()).previousBlockHash(a.previousBlockHash())
                .txCount(a.txCount()).height(a.height()).sizeInBytes(a.sizeInBytes()).miner(a.miner()).build());
    }

    private ReadinessCheck.Status fsmStatus() {
        FsmState state = chain.fsmState();
        return state == FsmState.IDLE ? ReadinessCheck.Status.down("FSM " + state)
                : ReadinessCheck.Status.up("FSM " + state);
    }

    private static ReadinessCheck.Status status(HealthStatus health) {
        return health.ok() ? ReadinessCheck.Status.up(health.details()) : ReadinessCheck.Status.down(health.details());
    }

    private WebSettings webSettings() {
        Settings.Http http = settings.http();
        WebSettings.Builder web = WebSettings.builder()
                .http(settings.httpListenAddress().host(), settings.httpListenAddress().port())
                .grpc(settings.grpcListenAddress().host(), settings.grpcListenAddress().port())
                .securityLevelHttp(http.securityLevel())
                .adminApiKey(AdminApiKey.resolve(settings.adminApiKey(), settings.dataDir()))
                .publicBaseUrl(settings.httpAddress())
                .defaultBanDuration(settings.ban().defaultDuration());
        http.certFile().ifPresent(web::certFile);
        http.keyFile().ifPresent(web::keyFile);
        return web.build();
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
        return "p2p-server ready: http=" + settings.httpListenAddress().host() + ":" + httpPort()
                + " grpc=" + settings.grpcListenAddress().host() + ":" + grpcPort()
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
