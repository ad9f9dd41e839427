package p2p.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.common.config.HostPort;
import p2p.kafka.KafkaSettings;
import p2p.web.WebSettings;

class SettingsLoaderTest {
    private static final Path SHIPPED = Path.of("../../config/application.yaml");

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = Files.createTempFile(dir, "settings", ".yaml");
        Files.writeString(file, text);
        return file;
    }

    private static String failure(Runnable load) {
        return assertThrows(SettingsException.class, load::run).getMessage();
    }

    @Test
    void shippedFileListsExactlyTheKnownKeysWithTheBuiltInDefaults() throws IOException {
        Set<String> inFile = new TreeSet<>();
        for (String line : Files.readAllLines(SHIPPED)) {
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith(" ")) {
                inFile.add(line.substring(0, line.indexOf(':')));
            }
        }
        assertEquals(new TreeSet<>(SettingsLoader.knownKeys()), inFile);
        assertEquals(SettingsLoader.load(List.of(), Map.of()), SettingsLoader.load(List.of(SHIPPED), Map.of()));
    }

    @Test
    void defaultsMatchTheSpec() {
        Settings s = SettingsLoader.load(List.of(), Map.of());
        assertEquals(Network.MAINNET, s.network());
        assertEquals(9905, s.port());
        assertEquals(List.of("0.0.0.0"), s.listenAddresses());
        assertEquals("0.0.0.0", s.web().httpHost());
        assertEquals(9906, s.web().httpPort());
        assertEquals("0.0.0.0", s.web().grpcHost());
        assertEquals(9904, s.web().grpcPort());
        assertEquals("bitcoin/mainnet-block", s.server().topics().block());
        assertEquals("bitcoin/mainnet-miningon", s.server().topics().miningOn());
        assertEquals(SettingsLoader.TERANODE_SHARED_KEY, s.sharedKeyHex());
        assertEquals("/teranode", s.dhtProtocolId());
        assertTrue(s.dhtUsePrivate());
        assertEquals(100, s.ban().threshold());
        assertEquals(Duration.ofHours(24), s.ban().banDuration());
        assertEquals("jdbc:derby:" + Path.of("data", "banlist") + ";create=true", s.ban().list().jdbcUrl());
        assertFalse(s.web().https());
        assertEquals("memory://blocks", s.kafka().configured(KafkaSettings.BLOCKS_KEY));
        assertEquals(10_000, s.kafka().producerBufferLimit());
        assertEquals("p2p.teranode", s.consumerGroup(), "Teranode's group name: p2p.<clientName>");
        assertTrue(s.blockchainGrpcAddress().isEmpty());
    }

    @Test
    void clientNameNamesTheKafkaConsumerGroupAndTheBufferLimitIsChecked() {
        Settings s = SettingsLoader.load(List.of(), Map.of("clientName", "teranode2", "kafka_producerBufferLimit", "50"));
        assertEquals("p2p.teranode2", s.consumerGroup());
        assertEquals(50, s.kafka().producerBufferLimit());
        assertEquals("setting kafka_producerBufferLimit: '0' is not a whole number from 1 to 2147483647",
                failure(() -> SettingsLoader.load(List.of(), Map.of("kafka_producerBufferLimit", "0"))));
    }

    @Test
    void laterLayersOverrideEarlierOnesAndEnvironmentWins() throws IOException {
        Path first = yaml("p2p_port: 9915\nnetwork: testnet\np2p_ban_duration: 1h30m\n");
        Path second = yaml("p2p_port: 9925\np2p_static_peers: [\"/ip4/10.0.0.1/tcp/9905/p2p/12D3KooWabc\"]\n");
        Settings s = SettingsLoader.load(List.of(first, second), Map.of("P2P_BAN_THRESHOLD", "50"));
        assertEquals(9925, s.port());
        assertEquals(Network.TESTNET, s.network());
        assertEquals("bitcoin/testnet-subtree", s.server().topics().subtree());
        assertEquals(Duration.ofMinutes(90), s.ban().banDuration());
        assertEquals(50, s.ban().threshold());
        assertEquals(List.of("/ip4/10.0.0.1/tcp/9905/p2p/12D3KooWabc"), s.staticPeers());
    }

    @Test
    void listsAcceptYamlListsAndSeparatedStrings() throws IOException {
        Settings s = SettingsLoader.load(List.of(yaml("p2p_listen_addresses: \"127.0.0.1, ::1\"\n")),
                Map.of("p2p_advertise_addresses", "example.com|10.0.0.1:8001 [2001:db8::1]:7000 2001:db8::2"));
        assertEquals(List.of("127.0.0.1", "::1"), s.listenAddresses());
        assertEquals(List.of(new HostPort("example.com", 9905), new HostPort("10.0.0.1", 8001),
                new HostPort("2001:db8::1", 7000), new HostPort("2001:db8::2", 9905)), s.advertiseAddresses());
    }

    @Test
    void badValuesNameTheKeyAndTheValue() throws IOException {
        assertEquals("setting p2p_port: '99999' is not a port number (0-65535)",
                failure(() -> SettingsLoader.load(List.of(), Map.of("p2p_port", "99999"))));
        assertEquals("setting p2p_ban_duration: 'tomorrow' is not a Go duration such as 24h, 1h30m, 10s or 500ms"
                + " (time: invalid duration \"tomorrow\")",
                failure(() -> SettingsLoader.load(List.of(), Map.of("p2p_ban_duration", "tomorrow"))));
        assertEquals("setting network: 'moonnet' is not a network (mainnet, testnet, regtest, stn, teratestnet, tstn)",
                failure(() -> SettingsLoader.load(List.of(), Map.of("network", "moonnet"))));
        assertEquals("setting p2p_shared_key: 'abc' must be 64 hex characters (32 bytes)",
                failure(() -> SettingsLoader.load(List.of(), Map.of("p2p_shared_key", "abc"))));
        assertEquals("setting p2p_listen_addresses: 'localhost' is not an IPv4 or IPv6 address",
                failure(() -> SettingsLoader.load(List.of(), Map.of("p2p_listen_addresses", "localhost"))));
        assertEquals("setting p2p_listen_addresses: '300.1.1.1' is not an IPv4 or IPv6 address",
                failure(() -> SettingsLoader.load(List.of(), Map.of("p2p_listen_addresses", "300.1.1.1"))));
        Path maybe = yaml("p2p_dht_use_private: maybe\n");
        assertEquals("setting p2p_dht_use_private: 'maybe' is not a boolean (true or false)",
                failure(() -> SettingsLoader.load(List.of(maybe), Map.of())));
        assertEquals("setting p2p_ban_threshold: '0' is not a whole number from 1 to 2147483647",
                failure(() -> SettingsLoader.load(List.of(), Map.of("p2p_ban_threshold", "0"))));
        assertEquals("setting kafka_blocksConfig: 'http://x' must be a kafka://brokers/topic or memory://topic URL",
                failure(() -> SettingsLoader.load(List.of(), Map.of("kafka_blocksConfig", "http://x"))));
        // the whole URL is checked at load, not only its scheme: the operator hears of it before anything starts
        assertEquals("setting kafka_subtreesConfig: 'kafka:///subtrees' has no broker: write kafka://host:port/topic",
                failure(() -> SettingsLoader.load(List.of(), Map.of("kafka_subtreesConfig", "kafka:///subtrees"))));
    }

    @Test
    void kafkaCredentialsInAUrlAreRefusedWithoutEchoingThem() {
        String message = failure(() -> SettingsLoader.load(List.of(),
                Map.of("kafka_blocksConfig", "kafka://user:hunter2@broker:9092/blocks")));
        assertTrue(message.startsWith("setting kafka_blocksConfig: "), message);
        assertTrue(message.contains("credentials"), message);
        assertFalse(message.contains("hunter2"), "the password was echoed: " + message);
    }

    @Test
    void privateKeyIsNeverEchoedInErrors() {
        String message = failure(() -> SettingsLoader.load(List.of(), Map.of("p2p_private_key", "secretsecret")));
        assertEquals("setting p2p_private_key: '<12 characters, redacted>' must be 128 hex characters (64 bytes) or, in"
                + " the legacy form, 192", message);
    }

    @Test
    void requiredKeysCannotBeBlanked() throws IOException {
        assertEquals("setting p2p_block_topic is required but has no value",
                failure(() -> SettingsLoader.load(List.of(), Map.of("p2p_block_topic", " "))));
        Path noListen = yaml("p2p_listen_addresses: []\n");
        assertEquals("setting p2p_listen_addresses is required but has no value",
                failure(() -> SettingsLoader.load(List.of(noListen), Map.of())));
        Path noKey = yaml("p2p_shared_key: \"\"\n");
        assertEquals("setting p2p_shared_key is required but has no value",
                failure(() -> SettingsLoader.load(List.of(noKey), Map.of())));
    }

    @Test
    void httpsNeedsReadableCertificateAndKeyFiles() throws IOException {
        assertEquals("setting server_certFile is required when securityLevelHTTP > 0 (HTTPS) but has no value",
                failure(() -> SettingsLoader.load(List.of(), Map.of("securityLevelHTTP", "1"))));
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        assertEquals("setting server_keyFile: '" + dir.resolve("missing.pem") + "' does not exist or is not readable",
                failure(() -> SettingsLoader.load(List.of(), Map.of("securityLevelHTTP", "1",
                        "server_certFile", cert.toString(), "server_keyFile", dir.resolve("missing.pem").toString()))));
    }

    @Test
    void teranodeOperatorEndpointsAreOffUntilConfigured() throws IOException {
        WebSettings off = SettingsLoader.load(List.of(), Map.of()).web();
        assertEquals(0, off.securityLevelGrpc());
        assertTrue(off.healthCheckPort().isEmpty());
        assertTrue(off.profiler().isEmpty());
        assertEquals("/metrics", off.prometheusEndpoint());
        assertTrue(off.grpcMetrics());

        Path cert = Files.writeString(dir.resolve("grpc-cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("grpc-key.pem"), "x");
        WebSettings on = SettingsLoader.load(List.of(), Map.of("health_check_port", "8000",
                "profilerAddr", ":9091", "prometheusEndpoint", "/prom", "use_prometheus_grpc_metrics", "false",
                "security_level_grpc", "2", "server_certFile", cert.toString(), "server_keyFile", key.toString()))
                .web();
        assertEquals(8000, on.healthCheckPort().getAsInt());
        assertEquals(new WebSettings.Listen("0.0.0.0", 9091), on.profiler().orElseThrow());
        assertEquals("/prom", on.prometheusEndpoint());
        assertFalse(on.grpcMetrics());
        assertEquals(2, on.securityLevelGrpc());

        assertEquals("setting security_level_grpc: '4' is not a whole number from 0 to 3",
                failure(() -> SettingsLoader.load(List.of(), Map.of("security_level_grpc", "4"))));
        assertEquals("setting server_certFile is required when security_level_grpc > 0 (gRPC TLS) but has no value",
                failure(() -> SettingsLoader.load(List.of(), Map.of("security_level_grpc", "1"))));
        assertEquals("setting health_check_port: '0' is not a whole number from 1 to 65535",
                failure(() -> SettingsLoader.load(List.of(), Map.of("health_check_port", "0"))));
        assertEquals("setting prometheusEndpoint: 'metrics' must be a path starting with '/'",
                failure(() -> SettingsLoader.load(List.of(), Map.of("prometheusEndpoint", "metrics"))));
    }

    @Test
    void unknownKeysMissingFilesAndBrokenYamlAreRefused() throws IOException {
        Path typo = yaml("p2p_prot: 1\n");
        assertEquals("config file " + typo + " has unknown setting(s) [p2p_prot] (see config/application.yaml for the names)",
                failure(() -> SettingsLoader.load(List.of(typo), Map.of())));
        Path missing = dir.resolve("nope.yaml");
        assertEquals("config file " + missing + " does not exist or is not readable",
                failure(() -> SettingsLoader.load(List.of(missing), Map.of())));
        Path broken = yaml("p2p_port: [unclosed\n");
        assertTrue(failure(() -> SettingsLoader.load(List.of(broken), Map.of()))
                .startsWith("config file " + broken + " is not valid YAML"));
    }

    @Test
    void staticPeersMustNamePeerIds() {
        assertEquals("setting p2p_static_peers: '/ip4/10.0.0.1/tcp/9905' must be a multiaddr ending in /p2p/<peer id>, "
                        + "e.g. /ip4/1.2.3.4/tcp/9905/p2p/12D3Koo...",
                failure(() -> SettingsLoader.load(List.of(), Map.of("p2p_static_peers", "/ip4/10.0.0.1/tcp/9905"))));
    }
}
