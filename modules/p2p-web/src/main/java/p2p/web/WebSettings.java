package p2p.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import p2p.common.config.HostPort;
import p2p.common.config.SettingException;
import p2p.common.config.SettingLookup;

/**
 * Settings of the operator surface (spec section 9), built once by the app from its configuration. Port 0 asks the
 * system for a free port; the server reports the bound one.
 *
 * @param httpHost              interface of the HTTP/WebSocket listener ({@code p2p_httpListenAddress})
 * @param httpPort              its port, default 9906
 * @param grpcHost              interface of the gRPC listener ({@code p2p_grpcListenAddress})
 * @param grpcPort              its port, default 9904
 * @param securityLevelHttp     {@code securityLevelHTTP}: 0 plain HTTP, above 0 HTTPS with the two files below
 * @param certFile              {@code server_certFile}: PEM certificate chain, required for HTTPS
 * @param keyFile               {@code server_keyFile}: PEM private key (PKCS#8, or PKCS#1 RSA), required for HTTPS
 * @param adminApiKey           {@code grpc_admin_api_key}: the key callers of BanPeer, UnbanPeer, ClearBanned and AddBanScore send as
 *                              {@code x-api-key}; when absent a random key is generated, which nobody knows, so
 *                              those rpcs are refused (Teranode's behaviour)
 * @param publicBaseUrl         the DataHub URL ({@code asset_httpPublicAddress}, else {@code asset_httpAddress}),
 *                              sent as {@code base_url} in WebSocket pings; may be empty
 * @param wsPingInterval        time between WebSocket {@code PING} notifications (Teranode: 10 s)
 * @param wsClientQueueCapacity notifications a WebSocket client may have queued before it is dropped as too slow
 * @param defaultBanDuration    ban length for a BanPeer request whose {@code until} is 0
 *                              ({@code p2p_ban_default_duration})
 * @param securityLevelGrpc     {@code security_level_grpc} (Teranode's util/GRPCHelper, spec section 6.1): 0 plain,
 *                              1 TLS with {@code server_certFile}/{@code server_keyFile}, 2 also requires a client
 *                              certificate (any: it is not verified, as Go's {@code RequireAnyClientCert}); 3 is
 *                              refused at start, as Go's server cannot start with it either (no CA file reaches it)
 * @param healthCheckPort       {@code health_check_port}: when present, a listener of its own on the HTTP
 *                              interface serving the Teranode daemon's {@code /health/readiness} and
 *                              {@code /health/liveness} (spec section 8)
 * @param profiler              {@code profilerAddr} ({@code :9091}): when present, a listener of its own serving
 *                              the metrics at {@code prometheusEndpoint}, as Teranode's profiler listener does
 * @param prometheusEndpoint    {@code prometheusEndpoint}: the metrics path on the profiler listener
 * @param grpcMetrics           {@code use_prometheus_grpc_metrics}: count PeerService calls as {@code grpc_server_*}
 */
public record WebSettings(String httpHost, int httpPort, String grpcHost, int grpcPort, int securityLevelHttp,
                          Optional<Path> certFile, Optional<Path> keyFile, Optional<String> adminApiKey,
                          String publicBaseUrl, Duration wsPingInterval, int wsClientQueueCapacity,
                          Duration defaultBanDuration, int securityLevelGrpc, OptionalInt healthCheckPort,
                          Optional<Listen> profiler, String prometheusEndpoint, boolean grpcMetrics) {

    public static final String HTTP_LISTEN_ADDRESS = "p2p_httpListenAddress";
    public static final String GRPC_LISTEN_ADDRESS = "p2p_grpcListenAddress";
    public static final String SECURITY_LEVEL_HTTP = "securityLevelHTTP";
    public static final String CERT_FILE = "server_certFile";
    public static final String KEY_FILE = "server_keyFile";
    public static final String ADMIN_API_KEY = "grpc_admin_api_key";
    public static final String BAN_DEFAULT_DURATION = "p2p_ban_default_duration";
    public static final String SECURITY_LEVEL_GRPC = "security_level_grpc";
    public static final String HEALTH_CHECK_PORT = "health_check_port";
    public static final String PROFILER_ADDR = "profilerAddr";
    public static final String PROMETHEUS_ENDPOINT = "prometheusEndpoint";
    public static final String GRPC_METRICS = "use_prometheus_grpc_metrics";

    public static final int DEFAULT_HTTP_PORT = 9906;
    public static final int DEFAULT_GRPC_PORT = 9904;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_CLIENT_QUEUE_CAPACITY = 256;
    public static final Duration DEFAULT_BAN_DURATION = Duration.ofHours(24);
    public static final String DEFAULT_PROMETHEUS_ENDPOINT = "/metrics";

    /** A listener's interface and port (port 0: any free port). */
    public record Listen(String host, int port) {
        public Listen {
            Objects.requireNonNull(host, "host");
        }
    }

    public WebSettings {
        Objects.requireNonNull(httpHost, HTTP_LISTEN_ADDRESS);
        Objects.requireNonNull(grpcHost, GRPC_LISTEN_ADDRESS);
        checkPort(HTTP_LISTEN_ADDRESS, httpPort);
        checkPort(GRPC_LISTEN_ADDRESS, grpcPort);
        if (securityLevelHttp < 0) {
            throw new IllegalArgumentException(SECURITY_LEVEL_HTTP + " must be 0 or more, got " + securityLevelHttp);
        }
        Objects.requireNonNull(certFile, CERT_FILE);
        Objects.requireNonNull(keyFile, KEY_FILE);
        Objects.requireNonNull(adminApiKey, ADMIN_API_KEY);
        if (adminApiKey.isPresent() && adminApiKey.get().isBlank()) {
            throw new IllegalArgumentException(ADMIN_API_KEY + " must not be blank when set");
        }
        Objects.requireNonNull(publicBaseUrl, "p2p_httpAddress");
        if (wsPingInterval.isNegative() || wsPingInterval.isZero()) {
            throw new IllegalArgumentException("WebSocket ping interval must be positive, got " + wsPingInterval);
        }
        if (wsClientQueueCapacity < 1) {
            throw new IllegalArgumentException("WebSocket client queue capacity must be at least 1, got "
                    + wsClientQueueCapacity);
        }
        if (defaultBanDuration.isNegative() || defaultBanDuration.isZero()) {
            throw new IllegalArgumentException(BAN_DEFAULT_DURATION + " must be positive, got " + defaultBanDuration);
        }
        if (securityLevelGrpc < 0 || securityLevelGrpc > 3) {
            throw new IllegalArgumentException(SECURITY_LEVEL_GRPC + " must be 0, 1, 2 or 3, got " + securityLevelGrpc);
        }
        Objects.requireNonNull(healthCheckPort, HEALTH_CHECK_PORT);
        healthCheckPort.ifPresent(port -> checkPort(HEALTH_CHECK_PORT, port));
        Objects.requireNonNull(profiler, PROFILER_ADDR);
        profiler.ifPresent(listen -> checkPort(PROFILER_ADDR, listen.port()));
        Objects.requireNonNull(prometheusEndpoint, PROMETHEUS_ENDPOINT);
        if (!prometheusEndpoint.startsWith("/")) {
            throw new IllegalArgumentException(PROMETHEUS_ENDPOINT + " must be a path starting with /, got '"
                    + prometheusEndpoint + "'");
        }
    }

    /** True when the HTTP listener serves HTTPS. */
    public boolean https() {
        return securityLevelHttp > 0;
    }

    /** True when the gRPC listener serves TLS. */
    public boolean grpcTls() {
        return securityLevelGrpc > 0;
    }

    /** Every key this module reads with its built-in default ("" for none): the one place each is written. */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(HTTP_LISTEN_ADDRESS, ":" + DEFAULT_HTTP_PORT);
        d.put(GRPC_LISTEN_ADDRESS, ":" + DEFAULT_GRPC_PORT);
        d.put(SECURITY_LEVEL_HTTP, "0");
        d.put(CERT_FILE, "");
        d.put(KEY_FILE, "");
        d.put(ADMIN_API_KEY, "");
        // Teranode's operator endpoints (spec sections 6.1, 8, 11.2, 12): gRPC TLS and metrics, daemon health
        // listener, profiler listener. Empty health_check_port / profilerAddr: that listener is not opened.
        d.put(SECURITY_LEVEL_GRPC, "0");
        d.put(GRPC_METRICS, "true");
        d.put(HEALTH_CHECK_PORT, "");
        d.put(PROFILER_ADDR, "");
        d.put(PROMETHEUS_ENDPOINT, DEFAULT_PROMETHEUS_ENDPOINT);
        return Collections.unmodifiableMap(d);
    }

    /**
     * Reads this module's keys (issue 17 change 3); the two values other modules own come in as arguments.
     *
     * @param configured         the configured text of a key, empty when no layer sets it
     * @param publicBaseUrl      the DataHub URL (p2p.server's {@code asset_*} keys)
     * @param defaultBanDuration {@code p2p_ban_default_duration} (p2p.ban's key)
     * @throws SettingException naming the first key whose value is unusable (a TLS file that cannot be read, too)
     */
    public static WebSettings read(Function<String, Optional<String>> configured, String publicBaseUrl,
                                   Duration defaultBanDuration) {
        SettingLookup in = new SettingLookup(configured, DEFAULTS);
        HostPort http = in.hostPort(HTTP_LISTEN_ADDRESS, "0.0.0.0", -1);
        HostPort grpc = in.hostPort(GRPC_LISTEN_ADDRESS, "0.0.0.0", -1);
        Builder web = builder().http(http.host(), http.port()).grpc(grpc.host(), grpc.port())
                .publicBaseUrl(publicBaseUrl).defaultBanDuration(defaultBanDuration);
        int httpLevel = in.integer(SECURITY_LEVEL_HTTP, 0, 10);
        web.securityLevelHttp(httpLevel);
        if (httpLevel > 0) {
            in.readableFile(CERT_FILE, "securityLevelHTTP > 0 (HTTPS)");
            in.readableFile(KEY_FILE, "securityLevelHTTP > 0 (HTTPS)");
        }
        in.optional(CERT_FILE).map(Path::of).ifPresent(web::certFile);
        in.optional(KEY_FILE).map(Path::of).ifPresent(web::keyFile);
        in.optional(ADMIN_API_KEY).ifPresent(web::adminApiKey);
        int grpcLevel = in.integer(SECURITY_LEVEL_GRPC, 0, 3);
        if (grpcLevel > 0) {
            in.readableFile(CERT_FILE, "security_level_grpc > 0 (gRPC TLS)");
            in.readableFile(KEY_FILE, "security_level_grpc > 0 (gRPC TLS)");
        }
        web.securityLevelGrpc(grpcLevel);
        if (in.optional(HEALTH_CHECK_PORT).isPresent()) {
            web.healthCheckPort(in.integer(HEALTH_CHECK_PORT, 1, 65_535));
        }
        if (in.optional(PROFILER_ADDR).isPresent()) {
            HostPort profiler = in.hostPort(PROFILER_ADDR, "0.0.0.0", -1);
            web.profiler(profiler.host(), profiler.port());
        }
        String endpoint = in.required(PROMETHEUS_ENDPOINT);
        if (!endpoint.startsWith("/")) {
            throw new SettingException(PROMETHEUS_ENDPOINT, endpoint, "must be a path starting with '/'");
        }
        return web.prometheusEndpoint(endpoint).grpcMetrics(in.bool(GRPC_METRICS)).build();
    }

    /** These settings with {@code key} as the admin API key (the application's resolved or generated one). */
    public WebSettings withAdminApiKey(String key) {
        return new WebSettings(httpHost, httpPort, grpcHost, grpcPort, securityLevelHttp, certFile, keyFile,
                Optional.of(key), publicBaseUrl, wsPingInterval, wsClientQueueCapacity, defaultBanDuration,
                securityLevelGrpc, healthCheckPort, profiler, prometheusEndpoint, grpcMetrics);
    }

    /** A builder starting from the spec defaults: all interfaces, ports 9906 and 9904, plain HTTP. */
    public static Builder builder() {
        return new Builder();
    }

    private static void checkPort(String setting, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(setting + " port must be 0..65535, got " + port);
        }
    }

    /** Builds {@link WebSettings}; unset values keep the spec defaults. */
    public static final class Builder {
        private String httpHost = "0.0.0.0";
        private int httpPort = DEFAULT_HTTP_PORT;
        private String grpcHost = "0.0.0.0";
        private int grpcPort = DEFAULT_GRPC_PORT;
        private int securityLevelHttp;
        private Path certFile;
        private Path keyFile;
        private String adminApiKey;
        private String publicBaseUrl = "";
        private Duration wsPingInterval = DEFAULT_PING_INTERVAL;
        private int wsClientQueueCapacity = DEFAULT_CLIENT_QUEUE_CAPACITY;
        private Duration defaultBanDuration = DEFAULT_BAN_DURATION;
        private int securityLevelGrpc;
        private OptionalInt healthCheckPort = OptionalInt.empty();
        private Listen profiler;
        private String prometheusEndpoint = DEFAULT_PROMETHEUS_ENDPOINT;
        private boolean grpcMetrics = true;

        private Builder() {
        }

        public Builder http(String host, int port) {
            this.httpHost = host;
            this.httpPort = port;
            return this;
        }

        public Builder grpc(String host, int port) {
            this.grpcHost = host;
            this.grpcPort = port;
            return this;
        }

        public Builder securityLevelHttp(int level) {
            this.securityLevelHttp = level;
            return this;
        }

        public Builder certFile(Path file) {
            this.certFile = file;
            return this;
        }

        public Builder keyFile(Path file) {
            this.keyFile = file;
            return this;
        }

        public Builder adminApiKey(String key) {
            this.adminApiKey = key;
            return this;
        }

        public Builder publicBaseUrl(String url) {
            this.publicBaseUrl = url;
            return this;
        }

        public Builder wsPingInterval(Duration interval) {
            this.wsPingInterval = interval;
            return this;
        }

        public Builder wsClientQueueCapacity(int capacity) {
            this.wsClientQueueCapacity = capacity;
            return this;
        }

        public Builder defaultBanDuration(Duration duration) {
            this.defaultBanDuration = duration;
            return this;
        }

        public Builder securityLevelGrpc(int level) {
            this.securityLevelGrpc = level;
            return this;
        }

        /** Serve the daemon's health paths on this port of the HTTP interface. */
        public Builder healthCheckPort(int port) {
            this.healthCheckPort = OptionalInt.of(port);
            return this;
        }

        /** Serve the metrics on this listener too (Teranode's profiler listener). */
        public Builder profiler(String host, int port) {
            this.profiler = new Listen(host, port);
            return this;
        }

        public Builder prometheusEndpoint(String path) {
            this.prometheusEndpoint = path;
            return this;
        }

        public Builder grpcMetrics(boolean enabled) {
            this.grpcMetrics = enabled;
            return this;
        }

        public WebSettings build() {
            return new WebSettings(httpHost, httpPort, grpcHost, grpcPort, securityLevelHttp,
                    Optional.ofNullable(certFile), Optional.ofNullable(keyFile), Optional.ofNullable(adminApiKey),
                    publicBaseUrl, wsPingInterval, wsClientQueueCapacity, defaultBanDuration, securityLevelGrpc,
                    healthCheckPort, Optional.ofNullable(profiler), prometheusEndpoint, grpcMetrics);
        }
    }
}
