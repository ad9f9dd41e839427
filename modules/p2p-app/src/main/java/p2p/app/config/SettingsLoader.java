package p2p.app.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import p2p.kafka.KafkaConfigException;
import p2p.kafka.KafkaUrl;

/**
 * Builds {@link Settings} from layers (spec section 9): built-in defaults, then the YAML files in order
 * (the shipped config/application.yaml, then {@code --config FILE}), then environment variables. The first bad or
 * missing value stops start-up with a {@link SettingsException} naming the key and the value.
 */
public final class SettingsLoader {
    /** Teranode's default private-network key (spec section 2). */
    public static final String TERANODE_SHARED_KEY = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";

    /** Every key the node understands, with its built-in default ("" = none). */
    static final Map<String, String> DEFAULTS = defaults();

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
        d.put("kafka_blocksConfig", "memory://blocks");
        d.put("kafka_subtreesConfig", "memory://subtrees");
        d.put("kafka_rejectedTxConfig", "memory://rejectedtx");
        d.put("kafka_invalidBlocksConfig", "memory://invalid-blocks");
        d.put("kafka_producerBufferLimit", "10000");
        d.put("clientName", "teranode");
        d.put("blockchain_grpcAddress", "");
        d.put("blockvalidation_grpcAddress", "");
        // Protocol generation and the Teranode 2026 settings (spec teranode-2026.md 1.6); read by TeranodeProtocol.
        d.put("p2p_protocol", "teranode-2025");
        d.put("p2p_bootstrap_peers", "");
        d.put("p2p_dht_mode", "off");
        d.put("p2p_allow_private_ips", "false");
        d.put("p2p_peer_cache_dir", "");
        d.put("listen_mode", "full");
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
        RawSettings raw = new RawSettings();
        for (Path file : yamlFiles) {
            raw.addYaml(file, knownKeys());
        }
        raw.addEnvironment(environment, knownKeys());
        return new SettingsLoader.Reader(raw).read();
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
            Optional<String> privateKey = optional("p2p_private_key").map(k -> hex("p2p_private_key", k, 64));
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
                    optional("blockvalidation_grpcAddress"), protocol(dataDir));
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
            return new Settings.Protocol(generation, bootstrap, dhtMode, bool("p2p_allow_private_ips"), cache,
                    listenMode);
        }

        /** A {@code /dnsaddr/} name (a peer id suffix optional) or a multiaddr ending in {@code /p2p/<id>}. */
        private static String bootstrapPeer(String key, String text) {
            return text.startsWith("/dnsaddr/") ? text : multiaddrWithPeer(key, text);
        }

        private Settings.Http httpSecurity() {
            int level = integer("securityLevelHTTP", 0, 10);
            Optional<Path> cert = optional("server_certFile").map(Path::of);
            Optional<Path> key = optional("server_keyFile").map(Path::of);
            if (level > 0) {
                requireReadable("server_certFile", cert);
                requireReadable("server_keyFile", key);
            }
            return new Settings.Http(level, cert, key);
        }

        private static void requireReadable(String key, Optional<Path> file) {
            Path path = file.orElseThrow(() -> new SettingsException(
                    "setting " + key + " is required when securityLevelHTTP > 0 (HTTPS) but has no value"));
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
                throw SettingsException.invalid(key, redact(key, text), "must be " + bytes * 2 + " hex characters (" + bytes + " bytes)");
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
