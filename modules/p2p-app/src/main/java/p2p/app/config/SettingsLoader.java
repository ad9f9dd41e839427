package p2p.app.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import p2p.ban.BanModuleSettings;
import p2p.common.config.HostPort;
import p2p.common.config.SettingException;
import p2p.common.config.SettingLookup;
import p2p.common.ip.IpLiteral;
import p2p.kafka.KafkaSettings;
import p2p.node.discovery.Discovery2026;
import p2p.server.ServerSettings;
import p2p.web.WebSettings;

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

    /** The keys the app reads itself, with their built-in defaults ("" = none). */
    private static final Map<String, String> APP_DEFAULTS = appDefaults();

    /** Every key the node understands, with its built-in default, each written once by its owner. */
    static final Map<String, String> DEFAULTS = allDefaults();

    private static final Logger LOG = Logger.getLogger(SettingsLoader.class.getName());

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

    /** The keys of the node and the chain connection, which this class reads, with their built-in defaults. */
    private static Map<String, String> appDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("network", "mainnet");
        d.put("p2p_data_dir", "data");
        d.put("p2p_listen_addresses", "0.0.0.0");
        d.put("p2p_port", "9905");
        d.put("p2p_advertise_addresses", "");
        d.put("p2p_httpAddress", "localhost:9906");
        d.put("p2p_grpcAddress", "localhost:9904");
        d.put("p2p_shared_key", TERANODE_SHARED_KEY);
        d.put("p2p_dht_protocol_id", "/teranode");
        d.put("p2p_dht_use_private", "true");
        d.put("p2p_optimise_retries", "false");
        d.put("p2p_static_peers", "");
        d.put("p2p_private_key", "");
        d.put("p2p_bootstrapAddresses", "");
        d.put("clientName", "teranode");
        d.put("blockchain_grpcAddress", "");
        d.put("blockvalidation_grpcAddress", "");
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
        return Collections.unmodifiableMap(d);
    }

    /** Every key: the app's and each module's ({@code DEFAULTS} of p2p.ban, p2p.kafka, p2p.web, p2p.server). */
    private static Map<String, String> allDefaults() {
        Map<String, String> all = new LinkedHashMap<>(APP_DEFAULTS);
        for (Map<String, String> module : List.of(BanModuleSettings.DEFAULTS, KafkaSettings.DEFAULTS,
                WebSettings.DEFAULTS, ServerSettings.DEFAULTS)) {
            for (Map.Entry<String, String> key : module.entrySet()) {
                if (all.putIfAbsent(key.getKey(), key.getValue()) != null) {
                    throw new IllegalStateException("setting " + key.getKey() + " has two owners");
                }
            }
        }
        return Collections.unmodifiableMap(all);
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
            return read(raw);
        } catch (SettingException e) {
            throw withTeranodeOrigin(new SettingsException(e.getMessage()), raw);
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

    /**
     * Reads the app's keys, then has each module read its own from the same layers; every module's
     * {@link SettingException} names its key and value and becomes one {@link SettingsException} line.
     */
    private static Settings read(RawSettings raw) {
        Function<String, Optional<String>> configured = raw::text;
        AppReader app = new AppReader(new SettingLookup(configured, APP_DEFAULTS), raw);
        Network network = Network.parse("network", app.in.required("network"));
        Path dataDir = Path.of(app.in.required("p2p_data_dir"));
        BanModuleSettings ban = BanModuleSettings.read(configured, dataDir);
        KafkaSettings kafka = KafkaSettings.read(configured);
        ServerSettings server = ServerSettings.read(configured, network::topicName);
        WebSettings web = WebSettings.read(configured, server.dataHubUrl(), ban.list().defaultDuration());
        return app.read(network, dataDir, ban, kafka, web, server);
    }

    /** The app's own keys: the node's, the chain connection's and the protocol generation's. */
    private record AppReader(SettingLookup in, RawSettings raw) {

        List<String> list(String key) {
            if (raw.has(key)) {
                return raw.list(key);
            }
            String d = APP_DEFAULTS.get(key);
            return d.isEmpty() ? List.of() : List.of(d.split(","));
        }

        <T> List<T> each(String key, Function<String, T> parse) {
            List<T> out = new ArrayList<>();
            for (String item : list(key)) {
                out.add(parse.apply(item));
            }
            return List.copyOf(out);
        }

        Settings read(Network network, Path dataDir, BanModuleSettings ban, KafkaSettings kafka, WebSettings web,
                      ServerSettings server) {
            List<String> listen = list("p2p_listen_addresses");
            if (listen.isEmpty()) {
                throw SettingException.missing("p2p_listen_addresses");
            }
            listen.forEach(a -> requireIpLiteral("p2p_listen_addresses", a));
            String portText = in.required("p2p_port");
            int port = HostPort.port("p2p_port", portText, portText);
            List<HostPort> advertise = each("p2p_advertise_addresses",
                    a -> HostPort.parse("p2p_advertise_addresses", a, null, port));
            String sharedKey = hex("p2p_shared_key", in.required("p2p_shared_key"), 32);
            Optional<String> privateKey = in.optional("p2p_private_key").map(AppReader::privateKey);
            String dhtProtocolId = in.required("p2p_dht_protocol_id");
            if (!dhtProtocolId.startsWith("/")) {
                throw new SettingException("p2p_dht_protocol_id", dhtProtocolId,
                        "must start with '/' (e.g. /teranode)");
            }
            List<String> staticPeers = each("p2p_static_peers", a -> multiaddrWithPeer("p2p_static_peers", a));
            List<String> bootstrap = each("p2p_bootstrapAddresses",
                    a -> multiaddrWithPeer("p2p_bootstrapAddresses", a));
            return new Settings(network, dataDir, listen, port, advertise, in.required("p2p_httpAddress"),
                    in.required("p2p_grpcAddress"), sharedKey, dhtProtocolId, in.bool("p2p_dht_use_private"),
                    in.bool("p2p_optimise_retries"), staticPeers, privateKey, bootstrap, in.required("clientName"),
                    in.optional("blockchain_grpcAddress"), in.optional("blockvalidation_grpcAddress"),
                    new Settings.Connections(in.integer("p2p_max_connections", 1, 1_000_000),
                            in.integer("p2p_max_connections_per_ip", 1, 1_000_000)), protocol(dataDir),
                    ban, kafka, web, server);
        }

        /** Hex of the raw Ed25519 key: 64 bytes, or the 96-byte legacy form Teranode's decoder also takes (spec 2.2). */
        private static String privateKey(String value) {
            String text = value.trim();
            return hex("p2p_private_key", text, text.length() == 192 ? 96 : 64);
        }

        /**
         * A listen address must be an IP literal, never a name to resolve (a listen address must not need DNS). The
         * text is parsed by {@link IpLiteral} (dotted quad, RFC 4291 text), so no value reaches the system resolver.
         */
        private static void requireIpLiteral(String key, String text) {
            if (IpLiteral.parse(text.trim()) == null) {
                throw new SettingException(key, text, "is not an IPv4 or IPv6 address");
            }
        }

        /** {@code p2p_protocol} and the 2026 settings, checked whichever generation runs so a typo fails early. */
        private Settings.Protocol protocol(Path dataDir) {
            String generation = in.required("p2p_protocol");
            if (!Settings.Protocol.GENERATIONS.contains(generation)) {
                throw new SettingException("p2p_protocol", generation, "is not one of "
                        + Settings.Protocol.GENERATIONS);
            }
            List<String> bootstrap = each("p2p_bootstrap_peers", a -> bootstrapPeer("p2p_bootstrap_peers", a));
            String dhtMode = in.required("p2p_dht_mode").toLowerCase(Locale.ROOT);
            if (!List.of("off", "client", "server").contains(dhtMode)) {
                throw new SettingException("p2p_dht_mode", dhtMode, "is not off, client or server");
            }
            String listenMode = in.required("listen_mode");
            if (!List.of("full", "listen_only", "silent").contains(listenMode)) {
                throw new SettingException("listen_mode", listenMode, "is not full, listen_only or silent");
            }
            Path cache = in.optional("p2p_peer_cache_dir").map(Path::of).orElse(dataDir);
            String relay = in.required("p2p_relay_reservations").toLowerCase(Locale.ROOT);
            if (!List.of("auto", "always", "never").contains(relay)) {
                throw new SettingException("p2p_relay_reservations", relay, "is not auto, always or never");
            }
            return new Settings.Protocol(generation, bootstrap, dhtMode, in.bool("p2p_allow_private_ips"), cache,
                    listenMode, in.required("p2p_node_status_topic"), relay);
        }

        /** A {@code /dnsaddr/} name (a peer id suffix optional) or a multiaddr ending in {@code /p2p/<id>}. */
        private static String bootstrapPeer(String key, String text) {
            if (!text.startsWith("/dnsaddr/")) {
                return multiaddrWithPeer(key, text);
            }
            try {
                Discovery2026.checkDnsaddr(text);
            } catch (IllegalArgumentException e) {
                throw new SettingException(key, text, e.getMessage()
                        + ", e.g. /dnsaddr/teratestnet.bootstrap.teranode.bsvb.tech");
            }
            return text;
        }

        private static String hex(String key, String value, int bytes) {
            String text = value.trim();
            if (text.length() != bytes * 2) {
                throw new SettingException(key, redact(key, text), "must be " + bytes * 2 + " hex characters ("
                        + bytes + " bytes)" + (key.equals("p2p_private_key") ? " or, in the legacy form, 192" : ""));
            }
            try {
                HexFormat.of().parseHex(text);
            } catch (IllegalArgumentException e) {
                throw new SettingException(key, redact(key, text), "is not hexadecimal");
            }
            return text.toLowerCase(Locale.ROOT);
        }

        private static String redact(String key, String text) {
            // A private key must not end up in logs, even when malformed.
            return key.equals("p2p_private_key") ? "<" + text.length() + " characters, redacted>" : text;
        }

        private static String multiaddrWithPeer(String key, String text) {
            if (!text.startsWith("/") || !text.contains("/p2p/")) {
                throw new SettingException(key, text, "must be a multiaddr ending in /p2p/<peer id>, e.g. "
                        + "/ip4/1.2.3.4/tcp/9905/p2p/12D3Koo...");
            }
            return text;
        }
    }
}
