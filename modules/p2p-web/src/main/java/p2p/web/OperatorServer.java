package p2p.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.common.tls.Tls;
import io.helidon.health.HealthCheck;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcReflectionFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;

import p2p.web.api.DashboardApi;
import p2p.web.dashboard.DashboardFiles;
import p2p.web.grpc.BanCommands;
import p2p.web.grpc.GrpcServerMetrics;
import p2p.web.grpc.PeerServiceImpl;
import p2p.web.grpc.PeerServiceRouting;
import p2p.web.notify.Notification;
import p2p.web.notify.NotificationHub;
import p2p.web.observe.DependencyHealthCheck;
import p2p.web.observe.Observers;
import p2p.web.tls.TlsFiles;
import p2p.web.ws.NotificationEndpoint;

/**
 * The operator surface of the P2P server (spec sections 6, 7, 8 and 12): one Helidon WebServer with a listener per
 * job. The HTTP listener (HTTPS when {@code securityLevelHTTP} > 0) serves {@code /health}, {@code /health/live},
 * {@code /health/ready} (Helidon's health observer, one check per dependency), {@code /metrics} (Helidon's metrics
 * observer, Prometheus text), the {@code /p2p-ws} notification WebSocket, and the operator dashboard at {@code /}
 * with its JSON API under {@code /api/v1/} ({@link DashboardFiles}, {@link DashboardApi}; README "Dashboard"). The
 * gRPC listener serves {@code p2p_api.PeerService} with reflection (TLS per {@code security_level_grpc}). When
 * configured, a health listener serves the Teranode daemon's {@code /health/readiness} and
 * {@code /health/liveness} on {@code health_check_port}, and a profiler listener serves the metrics at
 * {@code prometheusEndpoint} on {@code profilerAddr}. Ban-list changes are sent to WebSocket clients; other modules
 * publish through {@link #notifications()} and register their meters in the {@link Meters} registry given to the
 * builder.
 */
public final class OperatorServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OperatorServer.class.getName());
    /** How long {@code /health/ready} waits for each check, unless the builder says otherwise. */
    public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(5);
    static final String HTTP_SOCKET = "http";
    static final String HEALTH_SOCKET = "health";
    static final String PROFILER_SOCKET = "profiler";
    private static final int GENERATED_KEY_BYTES = 32;

    private final WebSettings settings;
    private final MeterRegistry meters;
    private final List<Tag> meterTags;
    /** This server's meters, removed when it stops (the registry outlives it). */
    private final List<Meter> ownMeters = new ArrayList<>();
    private final GrpcServerMetrics grpcMetrics;
    private final NotificationHub hub;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private final AutoCloseable banSubscription;
    /** The dashboard's {@code /api/v1/} and its page at {@code /}. */
    private final DashboardApi dashboardApi;
    private final DashboardFiles dashboardFiles = new DashboardFiles();
    private final WebServer server;

    private OperatorServer(Builder builder) {
        this.settings = builder.settings;
        this.meters = builder.meters != null ? builder.meters : Meters.registry();
        this.meterTags = List.copyOf(builder.meterTags);
        BanListAccess banList = Objects.requireNonNull(builder.banList, "banList");
        BanScoring banScoring = Objects.requireNonNull(builder.banScoring, "banScoring");
        // Fail on bad TLS files or levels before anything is started or bound.
        Tls httpTls = settings.https() ? TlsFiles.load(settings) : null;
        Tls grpcTls = settings.grpcTls() ? TlsFiles.loadGrpc(settings) : null;
        AdminKey apiKey = new AdminKey(adminApiKey(settings));

        this.hub = new NotificationHub(settings.wsPingInterval(), settings.wsClientQueueCapacity(),
                settings.publicBaseUrl(), builder.clock);
        List<HealthCheck> checks = new ArrayList<>();
        for (ReadinessCheck check : builder.readinessChecks) {
            checks.add(new DependencyHealthCheck(check, builder.readinessTimeout, probes));
        }
        this.grpcMetrics = settings.grpcMetrics() ? new GrpcServerMetrics(meters, meterTags) : null;
        AutoCloseable subscription = null;
        WebServer started = null;
        this.dashboardApi = new DashboardApi(builder.peers, builder.overview, banList,
                new BanCommands(banList, builder.peers, settings.defaultBanDuration(), builder.clock), apiKey, hub,
                builder.clock);
        try {
            registerMeters();
            subscription = banList.subscribe(event -> hub.publish(Notification.banEvent(builder.clock.instant(),
                    event)));
            PeerServiceImpl service = new PeerServiceImpl(banList, banScoring, builder.peers,
                    settings.defaultBanDuration(), builder.clock);
            started = start(httpTls, grpcTls, checks, PeerServiceRouting.create(service, apiKey, grpcMetrics));
        } catch (RuntimeException e) {
            if (subscription != null) {
                closeQuietly(subscription);
            }
            hub.close();
            dashboardApi.close();
            probes.shutdownNow();
            removeMeters();
            throw e;
        }
        this.banSubscription = subscription;
        this.server = started;
        LOG.info(() -> "operator API: " + (settings.https() ? "HTTPS" : "HTTP") + " on " + settings.httpHost() + ":"
                + httpPort() + " (dashboard at /, /api/v1/, /health, /health/live, /health/ready, /metrics,"
                + " /p2p-ws), gRPC PeerService on "
                + settings.grpcHost() + ":" + grpcPort() + (settings.grpcTls() ? " (TLS level "
                + settings.securityLevelGrpc() + ")" : "")
                + (healthPort() > 0 ? ", /health/readiness and /health/liveness on " + settings.httpHost() + ":"
                + healthPort() : "")
                + settings.profiler().map(p -> ", metrics on " + p.host() + ":" + profilerPort()
                + settings.prometheusEndpoint()).orElse(""));
    }

    /** Starts describing a server with these settings. */
    public static Builder builder(WebSettings settings) {
        return new Builder(settings);
    }

    /** The bound HTTP(S) port. */
    public int httpPort() {
        return server.port(HTTP_SOCKET);
    }

    /** The bound gRPC port. */
    public int grpcPort() {
        return server.port();
    }

    /** The bound {@code health_check_port} listener's port, or -1 when it is not configured. */
    public int healthPort() {
        return settings.healthCheckPort().isPresent() ? server.port(HEALTH_SOCKET) : -1;
    }

    /** The bound profiler ({@code profilerAddr}) listener's port, or -1 when it is not configured. */
    public int profilerPort() {
        return settings.profiler().isPresent() ? server.port(PROFILER_SOCKET) : -1;
    }

    /** True when the HTTP listener serves HTTPS. */
    public boolean https() {
        return settings.https();
    }

    /** Where other modules publish WebSocket notifications (blocks, subtrees, mining-on, rejected txs). */
    public NotificationHub notifications() {
        return hub;
    }

    /** The registry behind {@code /metrics}. */
    public MeterRegistry meters() {
        return meters;
    }

    /** Stops the WebSocket hub, then every listener. */
    @Override
    public void close() {
        closeQuietly(banSubscription);
        hub.close();
        dashboardApi.close();
        server.stop();
        probes.shutdownNow();
        removeMeters();
    }

    private void removeMeters() {
        ownMeters.forEach(meters::remove);
        if (grpcMetrics != null) {
            grpcMetrics.close();
        }
    }

    private WebServer start(Tls httpTls, Tls grpcTls, List<HealthCheck> checks,
                            io.helidon.webserver.grpc.GrpcRouting.Builder grpcRouting) {
        List<String> healthSockets = new ArrayList<>(List.of(HTTP_SOCKET));
        // The gRPC listener is the server's default socket: Helidon 4.5.0's reflection feature finds the gRPC
        // routing only there (and only when the routing is added after the feature); see the README.
        WebServerConfig.Builder builder = WebServer.builder()
                .host(settings.grpcHost())
                .port(settings.grpcPort())
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .putSocket(HTTP_SOCKET, socket -> {
                    socket.host(settings.httpHost()).port(settings.httpPort())
                            .addRouting(WsRouting.builder().endpoint("/p2p-ws", new NotificationEndpoint(hub)));
                    if (httpTls != null) {
                        socket.tls(httpTls);
                    }
                })
                .routing(HTTP_SOCKET, this::routes)
                .addFeature(GrpcReflectionFeature.builder().enabled(true)
                        .addSocket(WebServer.DEFAULT_SOCKET_NAME).build())
                .addRouting(grpcRouting)
                .addFeature(Observers.metrics("metrics", List.of(HTTP_SOCKET), "/metrics", meters));
        if (grpcTls != null) {
            builder.tls(grpcTls);
        }
        settings.healthCheckPort().ifPresent(port -> {
            healthSockets.add(HEALTH_SOCKET);
            // Teranode's daemon paths, answered by the same checks as /health/ready and /health/live.
            builder.putSocket(HEALTH_SOCKET, socket -> socket.host(settings.httpHost()).port(port))
                    .routing(HEALTH_SOCKET, routing -> routing
                            .get("/health/readiness", (request, response) -> response.reroute("/health/ready"))
                            .get("/health/liveness", (request, response) -> response.reroute("/health/live")));
        });
        settings.profiler().ifPresent(profiler -> builder
                .putSocket(PROFILER_SOCKET, socket -> socket.host(profiler.host()).port(profiler.port()))
                .addFeature(Observers.metrics("profiler-metrics", List.of(PROFILER_SOCKET),
                        settings.prometheusEndpoint(), meters)));
        builder.addFeature(Observers.health("health", healthSockets, checks));

        WebServer started;
        try {
            started = builder.build().start();
        } catch (RuntimeException e) {
            throw new WebStartException("operator API: cannot listen: " + e.getMessage(), e);
        }
        if (!started.isRunning()) {
            // Helidon logs a failed bind and returns a stopped server instead of throwing; find which and why.
            throw new WebStartException(bindFailure());
        }
        return started;
    }

    /** Names the first listener whose address cannot be bound, with the system's reason. */
    private String bindFailure() {
        List<String[]> listeners = new ArrayList<>();
        listeners.add(new String[] {WebSettings.HTTP_LISTEN_ADDRESS, settings.httpHost(),
                Integer.toString(settings.httpPort())});
        listeners.add(new String[] {WebSettings.GRPC_LISTEN_ADDRESS, settings.grpcHost(),
                Integer.toString(settings.grpcPort())});
        settings.healthCheckPort().ifPresent(port -> listeners.add(new String[] {WebSettings.HEALTH_CHECK_PORT,
                settings.httpHost(), Integer.toString(port)}));
        settings.profiler().ifPresent(p -> listeners.add(new String[] {WebSettings.PROFILER_ADDR, p.host(),
                Integer.toString(p.port())}));
        for (String[] listener : listeners) {
            String reason = bindProbe(listener[1], Integer.parseInt(listener[2]));
            if (reason != null) {
                return listener[0] + " " + listener[1] + ":" + listener[2] + ": cannot listen: " + reason;
            }
        }
        return "operator API: a listener did not start (see the log)";
    }

    private static String bindProbe(String host, int port) {
        if (port == 0) {
            return null;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(host, port));
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            return e.getMessage();
        }
    }

    private void routes(HttpRouting.Builder routing) {
        // Teranode's echo server allows any origin for GET, so browser dashboards on other hosts can poll.
        routing.addFilter((chain, request, response) -> {
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET");
            chain.proceed();
        });
        // The service's own /health is liveness (spec section 7.1): the process answers, nothing external is asked.
        routing.get("/health", (request, response) -> response.reroute("/health/live"));
        dashboardApi.register(routing);
        dashboardFiles.register(routing);
    }

    /** The web module's own meters: WebSocket clients and notifications. */
    private void registerMeters() {
        ownMeters.add(meters.getOrCreate(Gauge.builder("p2p_ws_clients", hub, NotificationHub::clientCount)
                .description("Connected /p2p-ws WebSocket clients.")
                .tags(meterTags)));
        ownMeters.add(meters.getOrCreate(FunctionalCounter.builder("p2p_ws_clients_dropped_total", hub,
                        NotificationHub::droppedClients)
                .description("WebSocket clients dropped because they could not keep up.")
                .tags(meterTags)));
        ownMeters.add(meters.getOrCreate(FunctionalCounter.builder("p2p_ws_clients_refused_total", hub,
                        NotificationHub::refusedClients)
                .description("WebSocket clients refused because the client limit was reached.")
                .tags(meterTags)));
        ownMeters.add(meters.getOrCreate(FunctionalCounter.builder("p2p_ws_notifications_total", hub,
                        NotificationHub::publishedCount)
                .description("Notifications published to WebSocket clients.")
                .tags(meterTags)));
    }

    private static String adminApiKey(WebSettings settings) {
        if (settings.adminApiKey().isPresent()) {
            return settings.adminApiKey().get();
        }
        byte[] random = new byte[GENERATED_KEY_BYTES];
        new SecureRandom().nextBytes(random);
        LOG.warning(WebSettings.ADMIN_API_KEY + " is not set: a random key was generated, so BanPeer, UnbanPeer,"
                + " ClearBanned and AddBanScore will refuse every caller");
        return HexFormat.of().formatHex(random);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }

    /** Collects the collaborators of an {@link OperatorServer}; ban list and ban scoring are required. */
    public static final class Builder {
        private final WebSettings settings;
        private BanListAccess banList;
        private BanScoring banScoring;
        private PeerDirectory peers = PeerDirectory.EMPTY;
        private NodeOverview overview = NodeOverview.EMPTY;
        private final List<ReadinessCheck> readinessChecks = new ArrayList<>();
        private MeterRegistry meters;
        private List<Tag> meterTags = List.of();
        private Clock clock = Clock.systemUTC();
        private Duration readinessTimeout = DEFAULT_READINESS_TIMEOUT;

        private Builder(WebSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        public Builder banList(BanListAccess value) {
            this.banList = value;
            return this;
        }

        public Builder banScoring(BanScoring value) {
            this.banScoring = value;
            return this;
        }

        /** The connected peers GetPeers reports; empty by default. */
        public Builder peers(PeerDirectory value) {
            this.peers = Objects.requireNonNull(value, "peers");
            return this;
        }

        /** The node's own state the dashboard API shows (addresses, topics, counters); nothing known by default. */
        public Builder overview(NodeOverview value) {
            this.overview = Objects.requireNonNull(value, "overview");
            return this;
        }

        public Builder readinessCheck(ReadinessCheck check) {
            this.readinessChecks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /** The registry behind {@code /metrics}; {@link Meters#registry()} by default. */
        public Builder meters(MeterRegistry value) {
            this.meters = value;
            return this;
        }

        /** Tags every meter of this server carries (the node's {@code peer_id}); none by default. */
        public Builder meterTags(List<Tag> value) {
            this.meterTags = List.copyOf(value);
            return this;
        }

        /** How long {@code /health/ready} waits for each check; a check still running then counts as down. */
        public Builder readinessTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("readiness timeout must be positive, got " + value);
            }
            this.readinessTimeout = value;
            return this;
        }

        /** Time source of notification timestamps and ban expiries; the system UTC clock by default. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Validates the TLS files, binds every listener and starts serving. */
        public OperatorServer start() {
            return new OperatorServer(this);
        }
    }
}
