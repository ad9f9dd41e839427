package p2p.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;

import p2p.ban.BanEvent;
import p2p.web.grpc.ApiKeyInterceptor;
import p2p.web.grpc.BanForceInterceptor;
import p2p.web.grpc.GrpcListener;
import p2p.web.grpc.PeerServiceImpl;
import p2p.web.health.HealthRoutes;
import p2p.web.health.ReadinessEvaluator;
import p2p.web.metrics.Counter;
import p2p.web.metrics.WebMetrics;
import p2p.web.notify.Notification;
import p2p.web.notify.NotificationHub;
import p2p.web.tls.TlsFiles;
import p2p.web.ws.NotificationEndpoint;

/**
 * The operator surface of the P2P server (spec sections 6 and 7): one Helidon WebServer (HTTP, or HTTPS when
 * {@code securityLevelHTTP} > 0) serving {@code /health}, {@code /health/ready}, {@code /metrics} and the
 * {@code /p2p-ws} notification WebSocket, and the gRPC {@code p2p_api.PeerService} on its own listener. Ban-list
 * changes are counted in the metrics and sent to WebSocket clients; other modules publish through
 * {@link #notifications()} and register metrics in {@link #metrics()}.
 */
public final class OperatorServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OperatorServer.class.getName());
    /** How long {@code /health/ready} waits for all checks together, unless the builder says otherwise. */
    public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(5);
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final int GENERATED_KEY_BYTES = 32;

    private final WebSettings settings;
    private final WebMetrics metrics;
    private final NotificationHub hub;
    private final ReadinessEvaluator readiness;
    private final AutoCloseable banSubscription;
    private final WebServer http;
    private final GrpcListener grpc;

    private OperatorServer(Builder builder) {
        this.settings = builder.settings;
        this.metrics = builder.metrics != null ? builder.metrics : WebMetrics.withJvmMetrics();
        BanListAccess banList = Objects.requireNonNull(builder.banList, "banList");
        BanScoring banScoring = Objects.requireNonNull(builder.banScoring, "banScoring");
        // Fail on bad TLS files before anything is started or bound.
        var tls = settings.https() ? TlsFiles.load(settings) : null;
        String apiKey = adminApiKey(settings);

        this.hub = new NotificationHub(settings.wsPingInterval(), settings.wsClientQueueCapacity(),
                settings.publicBaseUrl(), builder.clock);
        this.readiness = new ReadinessEvaluator(builder.readinessChecks, builder.readinessTimeout);
        AutoCloseable subscription = null;
        WebServer startedHttp = null;
        GrpcListener startedGrpc = null;
        try {
            registerMetrics(banList);
            subscription = banList.subscribe(event -> onBanEvent(event, builder.clock));
            startedHttp = startHttp(tls);
            PeerServiceImpl service = new PeerServiceImpl(banList, banScoring, builder.peers,
                    settings.defaultBanDuration(), builder.clock);
            startedGrpc = GrpcListener.start(settings.grpcHost(), settings.grpcPort(), service,
                    new BanForceInterceptor(), new ApiKeyInterceptor(apiKey));
        } catch (RuntimeException e) {
            if (startedHttp != null) {
                startedHttp.stop();
            }
            if (subscription != null) {
                closeQuietly(subscription);
            }
            hub.close();
            readiness.close();
            throw e;
        }
        this.banSubscription = subscription;
        this.http = startedHttp;
        this.grpc = startedGrpc;
        LOG.info(() -> "operator API: " + (settings.https() ? "HTTPS" : "HTTP") + " on " + settings.httpHost() + ":"
                + http.port() + " (/health, /health/ready, /metrics, /p2p-ws), gRPC PeerService on "
                + settings.grpcHost() + ":" + grpc.port());
    }

    /** Starts describing a server with these settings. */
    public static Builder builder(WebSettings settings) {
        return new Builder(settings);
    }

    /** The bound HTTP(S) port. */
    public int httpPort() {
        return http.port();
    }

    /** The bound gRPC port. */
    public int grpcPort() {
        return grpc.port();
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
    public WebMetrics metrics() {
        return metrics;
    }

    /** Stops gRPC, then the WebSocket hub, then HTTP. */
    @Override
    public void close() {
        closeQuietly(banSubscription);
        grpc.close();
        hub.close();
        http.stop();
        readiness.close();
    }

    private WebServer startHttp(io.helidon.common.tls.Tls tls) {
        WebServerConfig.Builder server = WebServer.builder()
                .host(settings.httpHost())
                .port(settings.httpPort())
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .routing(this::routes)
                .addRouting(WsRouting.builder().endpoint("/p2p-ws", new NotificationEndpoint(hub)));
        if (tls != null) {
            server.tls(tls);
        }
        String where = WebSettings.HTTP_LISTEN_ADDRESS + " " + settings.httpHost() + ":" + settings.httpPort();
        WebServer started;
        try {
            started = server.build().start();
        } catch (RuntimeException e) {
            throw new WebStartException(where + ": cannot listen: " + e.getMessage(), e);
        }
        if (!started.isRunning()) {
            // Helidon logs a failed bind and returns a stopped server instead of throwing; find the reason to report.
            throw new WebStartException(where + ": cannot listen: " + bindFailure(settings.httpHost(),
                    settings.httpPort()));
        }
        return started;
    }

    private static String bindFailure(String host, int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(host, port));
            return "the listener did not start (see the log)";
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
        new HealthRoutes(readiness).register(routing);
        routing.get("/metrics", (request, response) -> {
            response.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE));
            response.send(metrics.scrape());
        });
    }

    private void registerMetrics(BanListAccess banList) {
        metrics.gauge("p2p_ban_list_size", "Unexpired entries (IPs and subnets) in the ban list.", banList::size);
        metrics.gauge("p2p_ws_clients", "Connected /p2p-ws WebSocket clients.", hub::clientCount);
        metrics.counterFunction("p2p_ws_clients_dropped_total",
                "WebSocket clients dropped because they could not keep up.", hub::droppedClients);
        metrics.counterFunction("p2p_ws_clients_refused_total",
                "WebSocket clients refused because the client limit was reached.", hub::refusedClients);
        metrics.counterFunction("p2p_ws_notifications_total", "Notifications published to WebSocket clients.",
                hub::publishedCount);
        // Created up front so both series are scraped as 0 before the first event.
        banEvents(BanEvent.Action.ADD);
        banEvents(BanEvent.Action.REMOVE);
    }

    private Counter banEvents(BanEvent.Action action) {
        return metrics.counter("p2p_ban_events_total", "Ban-list changes, by action.",
                "action", action.name().toLowerCase(java.util.Locale.ROOT));
    }

    private void onBanEvent(BanEvent event, Clock clock) {
        banEvents(event.action()).increment();
        hub.publish(Notification.banEvent(clock.instant(), event));
    }

    private static String adminApiKey(WebSettings settings) {
        if (settings.adminApiKey().isPresent()) {
            return settings.adminApiKey().get();
        }
        byte[] random = new byte[GENERATED_KEY_BYTES];
        new SecureRandom().nextBytes(random);
        LOG.warning(WebSettings.ADMIN_API_KEY + " is not set: a random key was generated, so BanPeer, UnbanPeer, ClearBanned"
                + " and AddBanScore will refuse every caller");
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
        private final List<ReadinessCheck> readinessChecks = new ArrayList<>();
        private WebMetrics metrics;
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

        public Builder readinessCheck(ReadinessCheck check) {
            this.readinessChecks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /** The registry behind {@code /metrics}; by default a new one with JVM metrics. */
        public Builder metrics(WebMetrics value) {
            this.metrics = value;
            return this;
        }

        /** How long {@code /health/ready} waits for its checks; a check still running then counts as down. */
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

        /** Validates the TLS files, binds both listeners and starts serving. */
        public OperatorServer start() {
            return new OperatorServer(this);
        }
    }
}
