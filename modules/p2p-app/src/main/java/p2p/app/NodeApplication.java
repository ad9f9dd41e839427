package p2p.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.logging.Logger;
import p2p.app.config.Settings;
import p2p.app.node.BanEnforcer;
import p2p.app.node.ConnectedPeers;
import p2p.app.node.NodeConfigFactory;
import p2p.app.node.StaticPeerDialer;
import p2p.ban.BanList;
import p2p.ban.BanSettings;
import p2p.ban.PeerBanManager;
import p2p.chain.BlockValidationClient;
import p2p.chain.BlockchainClient;
import p2p.chain.FsmState;
import p2p.chain.HealthStatus;
import p2p.node.host.P2PNode;
import p2p.web.BanListAccess;
import p2p.web.BanScoring;
import p2p.web.OperatorServer;
import p2p.web.ReadinessCheck;
import p2p.web.WebSettings;

/**
 * The running node: every part built from the settings and started in the order of spec section 1, stopped in
 * reverse by {@link #close()}.
 */
public final class NodeApplication implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeApplication.class.getName());

    private final Settings settings;
    private final Lifecycle lifecycle = new Lifecycle();
    private final Clock clock = Clock.systemUTC();
    private BlockchainClient chain;
    private BlockValidationClient blockValidation;
    private BanList banList;
    private PeerBanManager banManager;
    private BanEnforcer banEnforcer;
    private P2PNode node;
    private OperatorServer operatorServer;

    private NodeApplication(Settings settings) {
        this.settings = settings;
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
            node = new P2PNode(NodeConfigFactory.create(settings, banEnforcer));
            node.start().get(30, TimeUnit.SECONDS);
            banEnforcer.attach(node);
            LOG.info(() -> "libp2p node " + node.peerId() + " listening on " + node.listenAddresses());
            return node;
        });
        lifecycle.start("static peers", () -> {
            StaticPeerDialer dialer = new StaticPeerDialer(node, settings.staticPeers());
            dialer.start();
            return dialer;
        });
        lifecycle.start("operator server (HTTP, WebSocket, gRPC)", () -> {
            OperatorServer.Builder server = OperatorServer.builder(webSettings())
                    .banList(BanListAccess.of(banList))
                    .banScoring(BanScoring.of(banManager))
                    .peers(new ConnectedPeers(node, banManager, settings.bootstrapAddresses()))
                    .readinessCheck(ReadinessCheck.of("blockchain", () -> status(chain.health())))
                    .readinessCheck(ReadinessCheck.of("blockchain-fsm", this::fsmStatus))
                    .clock(clock);
            if (blockValidation != null) {
                server.readinessCheck(ReadinessCheck.of("block-validation", () -> status(blockValidation.health())));
            }
            operatorServer = server.start();
            return operatorServer;
        });
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
