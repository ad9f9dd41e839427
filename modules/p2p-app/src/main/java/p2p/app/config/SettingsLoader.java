package p2p.app.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import p2p.kafka.KafkaConfigException;
import p2p.kafka.KafkaUrl;
import p2p.node.dnsaddr.DnsaddrException;
import p2p.node.dnsaddr.DnsaddrResolver;

/**
 * Builds {@link Settings} from layers (spec section 11): built-in defaults, the shipped config/application.yaml,
 * Teranode's own settings files ({@code --teranode-settings settings.conf [--context NAME]},
 * {@link TeranodeSettingsFile}), then the {@code --config FILE} YAML files in order, then environment variables. The
 * first bad or missing value stops start-up with a {@link SettingsException} naming the key and the value (and, for a
 * value from a Teranode settings file, its file and line). Keys Teranode defines for the P2P service that this node
 * does not use ({@link TeranodeKeys}) are accepted and named in one warning line.
 */
public final class SettingsLoader {
    /** Teranode's default private-network key (spec section 2). */
    public static final String TERANODE_SHARED_KEY = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";

    /** Every key the node understands, with its built-in default ("" = none). */
    static final Map<String, String> DEFAULTS = defaults();

    private static final Logger LOG = Logger.getLogger(SettingsLoader.class.getName());

    /** Default of {@code asset_httpAddress}: Teranode's asset service, the DataHub URL peers fetch data from. */
    public static final String DEFAULT_ASSET_HTTP_ADDRESS = "http://localhost:8090/api/v1";

    /**
     * Where settings come from, lowest layer first.
     *
     * @param baseYaml          the shipped defaults file(s)
     * @param teranodeSettings  Teranode's settings.conf, layered over {@code baseYaml}
     * @param context           its context ({@code --context}); empty: {@code SETTINGS_CONTEXT}, else {@code dev}
     * @param yaml              the operator's YAML files, over everything but the environment
     */
    public record Sources(List<Path> baseYaml, Optional<Path> teranodeSettings, Optional<String> context,
                          List<Path> yaml) {
    }

    private SettingsLoader() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("network", "mainnet");
        d.put("p2p_data_dir", "data");
        d.put("p2p_listen_addresses", "0.0.0.0");
        d.put("p2p_port", "9905");
        d.put("p2p_advertise_addresses", "");
        d.put("p2p_httpListenAddress", ":9906");
        d.put("p2p_httpAddress", "localhost:9906");
        d.put("p2p_grpcListenAddress", ":9904");
        d.put("p2p_grpcAddress", "localhost:9904");
        d.put("p2p_block_topic", "block");
        d.put("p2p_subtree_topic", "subtree");
        d.put("p2p_mining_on_topic", "miningon");
        d.put("p2p_rejected_tx_topic", "rejected_tx");
        d.put("p2p_handshake_topic", "handshake");
        d.put("p2p_shared_key", TERANODE_SHARED_KEY);
        d.put("p2p_dht_protocol_id", "/teranode");
        d.put("p2p_dht_use_private", "true");
        d.put("p2p_optimise_retries", "false");
        d.put("p2p_static_peers", "");
        d.put("p2p_private_key", "");
        d.put("p2p_bootstrapAddresses", "");
        d.put("p2p_ban_threshold", "100");
        d.put("p2p_ban_duration", "24h");
        d.put("p2p_ban_default_duration", "24h");
        d.put("p2p_ban_max_entries", "100000");
        d.put("p2p_ban_persist_path", "");
        d.put("p2p_ban_db_user", "");
        d.put("p2p_ban_db_password", "");
        d.put("securityLevelHTTP", "0");
        d.put("server_certFile", "");
        d.put("server_keyFile", "");
        d.put("grpc_admin_api_key", "");
        // Teranode's operator endpoints (spec sections 6.1, 8, 11.2, 12): gRPC TLS and metrics, daemon health
        // listener, profiler listener. Empty health_check_port / profilerAddr: that listener is not opened.
        d.put("security_level_grpc", "0");
        d.put("use_prometheus_grpc_metrics", "true");
        d.put("health_check_port", "");
        d.put("profilerAddr", "");
        d.put("prometheusEndpoint", "/metrics");
        d.put("kafka_blocksConfig", "memory://blocks");
        d.put("kafka_subtreesConfig", "memory://subtrees");
        d.put("kafka_rejectedTxConfig", "memory://rejectedtx");
        d.put("kafka_invalidBlocksConfig", "memory://invalid-blocks");
        d.put("kafka_producerBufferLimit", "10000");
        d.put("clientName", "teranode");
        d.put("blockchain_grpcAddress", "");
        d.put("blockvalidation_grpcAddress", "");
        d.put("asset_httpPublicAddress", "");
        d.put("asset_httpAddress", DEFAULT_ASSET_HTTP_ADDRESS);
        d.put("p2p_max_connections", "512");
        d.put("p2p_max_connections_per_ip", "16");
        // Protocol generation and the Teranode 2026 settings (spec teranode-2026.md 1.6); read by TeranodeProtocol.
        d.put("p2p_protocol", "teranode-2025");
        d.put("p2p_bootstrap_peers", "");
        d.put("p2p_dht_mode", "off");
        d.put("p2p_allow_private_ips", "false");
        d.put("p2p_peer_cache_dir", "");
        d.put("listen_mode", "full");
        d.put("p2p_node_status_topic", "node_status");
        d.put("p2p_relay_reservations", "auto");
        return Map.copyOf(d);
    }

    /** The keys understood in YAML files and the environment. */
    public static Set<String> knownKeys() {
        return DEFAULTS.keySet();
    }

    /**
     * Loads settings from the YAML files (each optional layer may be absent from the list) and the environment.
     */
    public static Settings load(List<Path> yamlFiles, Map<String, String> environment) {
        return load(new Sources(List.of(), Optional.empty(), Optional.empty(), yamlFiles), environment);
    }

    /** Loads settings from every layer of {@code sources}, then the environment. */
    public static Settings load(Sources sources, Map<String, String> environment) {
        Set<String> accepted = new TreeSet<>(knownKeys());
        accepted.addAll(TeranodeKeys.ACCEPTED_UNUSED);
        RawSettings raw = new RawSettings();
        for (Path file : sources.baseYaml()) {
            raw.addYaml(file, accepted);
        }
        sources.teranodeSettings().ifPresent(file -> raw.addTeranode(
                TeranodeSettingsFile.read(file, sources.context(), environment), accepted));
        for (Path file : sources.yaml()) {
            raw.addYaml(file, accepted);
        }
        raw.addEnvironment(environment, knownKeys());
        Set<String> unused = new TreeSet<>(raw.keys());
        unused.removeAll(knownKeys());
        if (!unused.isEmpty()) {
            LOG.warning(() -> "settings Teranode defines that this node does not use, accepted and ignored: " + unused);
        }
        try {
            return new SettingsLoader.Reader(raw).read();
        } catch (SettingsException e) {
            throw withTeranodeOrigin(e, raw);
        }
    }

    /** Adds the file and line to an error about a value that came from a Teranode settings file. */
    private static SettingsException withTeranodeOrigin(SettingsException e, RawSettings raw) {
        Matcher m = Pattern.compile("^setting ([A-Za-z0-9_]+)").matcher(e.getMessage());
        if (m.find()) {
            Optional<String> origin = raw.origin(m.group(1))
                    .filter(o -> o.startsWith(RawSettings.TERANODE_ORIGIN));
            if (origin.isPresent() && !e.getMessage().contains(origin.get())) {
                return new SettingsException(e.getMessage() + " (from " + origin.get() + ")");
            }
        }
        return e;
    }

    /** Reads each key with its default; one instance per load. */
    private record Reader(RawSettings raw) {

        String string(String key) {
            return raw.has(key) ? raw.string(key).orElse("") : DEFAULTS.get(key);
        }

        Optional<String> optional(String key) {
            String value = string(key).trim();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        String required(String key) {
            return optional(key).orElseThrow(() -> SettingsException.missing(key));
        }

        List<String> list(String key) {
            if (raw.has(key)) {
                return raw.list(key);
            }
            String d = DEFAULTS.get(key);
            return d.isEmpty() ? List.of() : List.of(d.split(","));
        }

        int integer(String key, int min, int max) {
            String text = required(key);
            try {
                int value = Integer.parseInt(text.trim());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw SettingsException.invalid(key, text, "is not a whole number from " + min + " to " + max);
        }

        boolean bool(String key) {
            String text = required(key).trim();
            return switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> throw SettingsException.invalid(key, text, "is not a boolean (true or false)");
            };
        }

        java.time.Duration duration(String key) {
            java.time.Duration d = GoDuration.parse(key, required(key));
            if (d.isZero() || d.isNegative()) {
                throw SettingsException.invalid(key, string(key), "must be longer than zero");
            }
            return d;
        }

        <T> List<T> each(String key, Function<String, T> parse) {
            List<T> out = new ArrayList<>();
            for (String item : list(key)) {
                out.add(parse.apply(item));
            }
            return List.copyOf(out);
        }

        Settings read() {
            Network network = Network.parse("network", required("network"));
            Path dataDir = Path.of(required("p2p_data_dir"));
            List<String> listen = list("p2p_listen_addresses");
            if (listen.isEmpty()) {
                throw SettingsException.missing("p2p_listen_addresses");
            }
            listen.forEach(a -> IpLiteral.require("p2p_listen_addresses", a));
            int port = Ports.parse("p2p_port", required("p2p_port"), string("p2p_port"));
            List<HostPort> advertise = each("p2p_advertise_addresses", a -> HostPort.parse("p2p_advertise_addresses", a, null, port));
            HostPort http = HostPort.parse("p2p_httpListenAddress", required("p2p_httpListenAddress"), "0.0.0.0", -1);
            HostPort grpc = HostPort.parse("p2p_grpcListenAddress", required("p2p_grpcListenAddress"), "0.0.0.0", -1);
            Settings.Topics topics = new Settings.Topics(required("p2p_block_topic"), required("p2p_subtree_topic"),
                    required("p2p_mining_on_topic"), required("p2p_rejected_tx_topic"), required("p2p_handshake_topic"));
            String sharedKey = hex("p2p_shared_key", required("p2p_shared_key"), 32);
            Optional<String> privateKey = optional("p2p_private_key").map(SettingsLoader.Reader::privateKey);
            String dhtProtocolId = required("p2p_dht_protocol_id");
            if (!dhtProtocolId.startsWith("/")) {
                throw SettingsException.invalid("p2p_dht_protocol_id", dhtProtocolId, "must start with '/' (e.g. /teranode)");
            }
            List<String> staticPeers = each("p2p_static_peers", a -> multiaddrWithPeer("p2p_static_peers", a));
            List<String> bootstrap = each("p2p_bootstrapAddresses", a -> multiaddrWithPeer("p2p_bootstrapAddresses", a));
            String persist = optional("p2p_ban_persist_path").orElse(dataDir.resolve("banlist").toString());
            Settings.Ban ban = new Settings.Ban(integer("p2p_ban_threshold", 1, Integer.MAX_VALUE),
                    duration("p2p_ban_duration"), duration("p2p_ban_default_duration"),
                    integer("p2p_ban_max_entries", 1, Integer.MAX_VALUE), persist,
                    optional("p2p_ban_db_user"), optional("p2p_ban_db_password"));
            Settings.Http httpSecurity = httpSecurity();
            Settings.Kafka kafka = new Settings.Kafka(kafkaUrl("kafka_blocksConfig"), kafkaUrl("kafka_subtreesConfig"),
                    kafkaUrl("kafka_rejectedTxConfig"), kafkaUrl("kafka_invalidBlocksConfig"),
                    integer("kafka_producerBufferLimit", 1, Integer.MAX_VALUE), "p2p." + required("clientName"));
            return new Settings(network, dataDir, listen, port, advertise, http, required("p2p_httpAddress"), grpc,
                    required("p2p_grpcAddress"), topics, sharedKey, dhtProtocolId, bool("p2p_dht_use_private"),
                    bool("p2p_optimise_retries"), staticPeers, privateKey, bootstrap, ban, httpSecurity,
                    optional("grpc_admin_api_key"), kafka, optional("blockchain_grpcAddress"),
                    optional("blockvalidation_grpcAddress"), dataHubUrl(),
                    new Settings.Connections(integer("p2p_max_connections", 1, 1_000_000),
                            integer("p2p_max_connections_per_ip", 1, 1_000_000)), operator(), protocol(dataDir));
        }

        /** {@code asset_httpPublicAddress}, else {@code asset_httpAddress} (spec 1.3), as an absolute http(s) URL. */
        private String dataHubUrl() {
            String key = optional("asset_httpPublicAddress").isPresent() ? "asset_httpPublicAddress" : "asset_httpAddress";
            String url = required(key);
            try {
                java.net.URI uri = new java.net.URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return url;
                }
            } catch (java.net.URISyntaxException e) {
                // reported below
            }
            throw SettingsException.invalid(key, url, "is not an http:// or https:// URL (the DataHub URL peers fetch"
                    + " blocks and subtrees from, e.g. http://host:8090/api/v1)");
        }

        /** Hex of the raw Ed25519 key: 64 bytes, or the 96-byte legacy form Teranode's decoder also takes (spec 2.2). */
        private static String privateKey(String value) {
            String text = value.trim();
            return hex("p2p_private_key", text, text.length() == 192 ? 96 : 64);
        }

        private Settings.Operator operator() {
            int grpcLevel = integer("security_level_grpc", 0, 3);
            if (grpcLevel > 0) {
                requireReadable("server_certFile", optional("server_certFile").map(Path::of),
                        "security_level_grpc > 0 (gRPC TLS)");
                requireReadable("server_keyFile", optional("server_keyFile").map(Path::of),
                        "security_level_grpc > 0 (gRPC TLS)");
            }
            OptionalInt healthPort = optional("health_check_port")
                    .map(p -> OptionalInt.of(integer("health_check_port", 1, 65_535)))
                    .orElse(OptionalInt.empty());
            Optional<HostPort> profiler = optional("profilerAddr")
                    .map(a -> HostPort.parse("profilerAddr", a, "0.0.0.0", -1));
            String endpoint = required("prometheusEndpoint");
            if (!endpoint.startsWith("/")) {
                throw SettingsException.invalid("prometheusEndpoint", endpoint, "must be a path starting with '/'");
            }
            return new Settings.Operator(grpcLevel, healthPort, profiler, endpoint,
                    bool("use_prometheus_grpc_metrics"));
        }

        /** {@code p2p_protocol} and the 2026 settings, checked whichever generation runs so a typo fails early. */
        private Settings.Protocol protocol(Path dataDir) {
            String generation = required("p2p_protocol").trim();
            if (!Settings.Protocol.GENERATIONS.contains(generation)) {
                throw SettingsException.invalid("p2p_protocol", generation, "is not one of "
                        + Settings.Protocol.GENERATIONS);
            }
            List<String> bootstrap = each("p2p_bootstrap_peers", a -> bootstrapPeer("p2p_bootstrap_peers", a));
            String dhtMode = required("p2p_dht_mode").trim().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("off", "client", "server").contains(dhtMode)) {
                throw SettingsException.invalid("p2p_dht_mode", dhtMode, "is not off, client or server");
            }
            String listenMode = required("listen_mode").trim();
            if (!List.of("full", "listen_only", "silent").contains(listenMode)) {
                throw SettingsException.invalid("listen_mode", listenMode, "is not full, listen_only or silent");
            }
            Path cache = optional("p2p_peer_cache_dir").map(Path::of).orElse(dataDir);
            String relay = required("p2p_relay_reservations").trim().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("auto", "always", "never").contains(relay)) {
                throw SettingsException.invalid("p2p_relay_reservations", relay, "is not auto, always or never");
            }
            return new Settings.Protocol(generation, bootstrap, dhtMode, bool("p2p_allow_private_ips"), cache,
                    listenMode, required("p2p_node_status_topic").trim(), relay);
        }

        /** A {@code /dnsaddr/} name (a peer id suffix optional) or a multiaddr ending in {@code /p2p/<id>}. */
        private static String bootstrapPeer(String key, String text) {
            if (!text.startsWith("/dnsaddr/")) {
                return multiaddrWithPeer(key, text);
            }
            try {
                DnsaddrResolver.checkConfigured(text);
            } catch (DnsaddrException e) {
                throw SettingsException.invalid(key, text, e.getMessage()
                        + ", e.g. /dnsaddr/teratestnet.bootstrap.teranode.bsvb.tech");
            }
            return text;
        }

        private Settings.Http httpSecurity() {
            int level = integer("securityLevelHTTP", 0, 10);
            Optional<Path> cert = optional("server_certFile").map(Path::of);
            Optional<Path> key = optional("server_keyFile").map(Path::of);
            if (level > 0) {
                requireReadable("server_certFile", cert, "securityLevelHTTP > 0 (HTTPS)");
                requireReadable("server_keyFile", key, "securityLevelHTTP > 0 (HTTPS)");
            }
            return new Settings.Http(level, cert, key);
        }

        private static void requireReadable(String key, Optional<Path> file, String when) {
            Path path = file.orElseThrow(() -> new SettingsException(
                    "setting " + key + " is required when " + when + " but has no value"));
            if (!Files.isReadable(path)) {
                throw SettingsException.invalid(key, path.toString(), "does not exist or is not readable");
            }
        }

        /** The URL text, checked in full now (brokers, topic, query) so a bad one fails at load, naming its key. */
        private String kafkaUrl(String key) {
            String url = required(key);
            try {
                KafkaUrl.parse(key, url);
            } catch (KafkaConfigException e) {
                throw new SettingsException(e.getMessage());
            }
            return url;
        }

        private static String hex(String key, String value, int bytes) {
            String text = value.trim();
            if (text.length() != bytes * 2) {
                throw SettingsException.invalid(key, redact(key, text), "must be " + bytes * 2 + " hex characters (" + bytes + " bytes)"
                    + (key.equals("p2p_private_key") ? " or, in the legacy form, 192" : ""));
            }
            try {
                HexFormat.of().parseHex(text);
            } catch (IllegalArgumentException e) {
                throw SettingsException.invalid(key, redact(key, text), "is not hexadecimal");
            }
            return text.toLowerCase(java.util.Locale.ROOT);
        }

        private static String redact(String key, String text) {
            // A private key must not end up in logs, even when malformed.
            return key.equals("p2p_private_key") ? "<" + text.length() + " characters, redacted>" : text;
        }

        private static String multiaddrWithPeer(String key, String text) {
            if (!text.startsWith("/") || !text.contains("/p2p/")) {
                throw SettingsException.invalid(key, text, "must be a multiaddr ending in /p2p/<peer id>, e.g. /ip4/1.2.3.4/tcp/9905/p2p/12D3Koo...");
            }
            return text;
        }
    }
}
