package p2p.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings an operator of a Teranode deployment already has (spec section 11): Teranode's own settings.conf and
 * settings_local.conf with contexts and references, the keys Teranode defines for the P2P service, the DataHub URL
 * from the asset keys, connection caps, {@code tstn}.
 */
class TeranodeSettingsTest {
    private static final Path SHIPPED = Path.of("../../config/application.yaml");
    private static final String KEY_HEX = "9cee39718f304d340eddab144784f2cd5dfa08e0331698bb40408072b4df1b32"
            + "687fe3deb47da27f3933fd016e82856aaf2b03b4c0c00fc6cf08120df8b1b9a6";

    @TempDir
    Path dir;

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        Logger.getLogger(SettingsLoader.class.getName()).addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger(SettingsLoader.class.getName()).removeHandler(capture);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Settings load(Optional<Path> teranode, Optional<String> context, List<Path> yaml,
                                 Map<String, String> env) {
        return SettingsLoader.load(new SettingsLoader.Sources(List.of(SHIPPED), teranode, context, yaml), env);
    }

    private static String failure(Runnable load) {
        return assertThrows(SettingsException.class, load::run).getMessage();
    }

    @Test
    void theDataHubUrlIsThePublicAssetAddressElseTheAssetAddress() throws IOException {
        assertEquals("http://localhost:8090/api/v1", SettingsLoader.load(List.of(), Map.of()).server().dataHubUrl(),
                "Teranode's default asset_httpAddress");
        assertEquals("http://asset:8090/api/v1", SettingsLoader.load(List.of(),
                Map.of("asset_httpAddress", "http://asset:8090/api/v1")).server().dataHubUrl());
        assertEquals("https://datahub.example.com/api/v1", SettingsLoader.load(List.of(), Map.of(
                "asset_httpAddress", "http://asset:8090/api/v1",
                "asset_httpPublicAddress", "https://datahub.example.com/api/v1")).server().dataHubUrl());
        assertEquals("setting asset_httpPublicAddress: 'localhost:9906' is not an http:// or https:// URL (the DataHub"
                        + " URL peers fetch blocks and subtrees from, e.g. http://host:8090/api/v1)",
                failure(() -> SettingsLoader.load(List.of(), Map.of("asset_httpPublicAddress", "localhost:9906"))));
    }

    @Test
    void connectionCapsDefaultToTheNodesLimitsAndCanBeSet() {
        Settings defaults = SettingsLoader.load(List.of(), Map.of());
        assertEquals(new Settings.Connections(512, 16), defaults.connections());
        assertEquals(new Settings.Connections(64, 2), SettingsLoader.load(List.of(),
                Map.of("p2p_max_connections", "64", "p2p_max_connections_per_ip", "2")).connections());
        assertEquals("setting p2p_max_connections_per_ip: '0' is not a whole number from 1 to 1000000",
                failure(() -> SettingsLoader.load(List.of(), Map.of("p2p_max_connections_per_ip", "0"))));
    }

    @Test
    void tstnIsTeranodesScalingTestNetwork() {
        Settings s = SettingsLoader.load(List.of(), Map.of("network", "tstn"));
        assertEquals(Network.TSTN, s.network());
        assertEquals("bitcoin/tstn-block", s.server().topics().block());
    }

    @Test
    void theLegacyNinetySixBytePrivateKeyIsAccepted() {
        String legacy = KEY_HEX + KEY_HEX.substring(64);
        assertEquals(Optional.of(legacy), SettingsLoader.load(List.of(), Map.of("p2p_private_key", legacy))
                .privateKeyHex());
    }

    @Test
    void keysTeranodeDefinesButThisNodeDoesNotUseAreAcceptedWithOneWarning() throws IOException {
        Path yaml = file("teranode-keys.yaml", """
                p2p_peer_id: 12D3KooWEXAMPLE
                grpc_max_retries: 40
                p2p_bestblock_topic: bestblock
                p2p_port: 9915
                """);
        Settings s = SettingsLoader.load(List.of(yaml), Map.of());
        assertEquals(9915, s.port());
        List<String> lines = warnings.stream().map(LogRecord::getMessage).toList();
        assertEquals(List.of("settings Teranode defines that this node does not use, accepted and ignored:"
                + " [grpc_max_retries, p2p_bestblock_topic, p2p_peer_id]"), lines);
        warnings.clear();
        SettingsLoader.load(List.of(), Map.of());
        assertEquals(List.of(), warnings, "no warning when none is set");
    }

    @Test
    void teranodeSettingsAreReadWithContextsReferencesAndTheLocalFile() throws IOException {
        Path conf = file("settings.conf", """
                # Teranode's settings, shortened
                network = mainnet
                network.docker = regtest
                P2P_PORT = 9905
                p2p_port = ${P2P_PORT}
                p2p_port.docker.m = 19905   # inline comment
                clientName = "teranode"
                ASSET_HTTP_PORT = 8090
                asset_httpAddress = http://localhost:${ASSET_HTTP_PORT}/api/v1
                asset_httpAddress.docker = http://asset-${clientName}:${ASSET_HTTP_PORT}/api/v1
                p2p_static_peers =
                aerospike_host = localhost
                this line has no equals sign and is ignored
                p2p_peer_id.docker.m = 12D3KooWEXAMPLE
                """);
        file("settings_local.conf", "clientName.docker = teranode-local\n");

        Settings dev = load(Optional.of(conf), Optional.empty(), List.of(), Map.of());
        assertEquals(Network.MAINNET, dev.network(), "Teranode's default context is dev");
        assertEquals(9905, dev.port(), "${P2P_PORT} resolved");
        assertEquals("http://localhost:8090/api/v1", dev.server().dataHubUrl());
        assertEquals("p2p.teranode", dev.consumerGroup(), "quotes stripped");
        assertEquals(List.of(), warnings);

        Settings docker = load(Optional.of(conf), Optional.of("docker.m"), List.of(), Map.of());
        assertEquals(Network.REGTEST, docker.network(), "network.docker applies to docker.m");
        assertEquals(19905, docker.port(), "the most specific context wins");
        assertEquals("p2p.teranode-local", docker.consumerGroup(), "settings_local.conf overrides");
        assertEquals("http://asset-teranode-local:8090/api/v1", docker.server().dataHubUrl(),
                "references resolve under the same context");
        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().getMessage().endsWith("[p2p_peer_id]"), warnings.getFirst().getMessage());

        Settings fromEnvContext = load(Optional.of(conf), Optional.empty(), List.of(),
                Map.of("SETTINGS_CONTEXT", "docker", "P2P_PORT", "29905"));
        assertEquals(Network.REGTEST, fromEnvContext.network(), "SETTINGS_CONTEXT chooses the context");
        assertEquals(29905, fromEnvContext.port(), "a reference takes the environment first, as Teranode's");
    }

    @Test
    void teranodeSettingsLieOverTheShippedFileAndUnderTheYamlFilesAndTheEnvironment() throws IOException {
        Path conf = file("settings.conf", "p2p_port = 9911\nclientName = fromconf\np2p_ban_threshold = 70\n");
        Path yaml = file("override.yaml", "p2p_port: 9912\n");
        Settings s = load(Optional.of(conf), Optional.empty(), List.of(yaml), Map.of("clientName", "fromenv"));
        assertEquals(9912, s.port(), "--config beats settings.conf");
        assertEquals("p2p.fromenv", s.consumerGroup(), "the environment beats both");
        assertEquals(70, s.ban().threshold(), "settings.conf beats the shipped file");
    }

    @Test
    void errorsNameTheFileTheLineAndTheKey() throws IOException {
        Path conf = file("settings.conf", "network = mainnet\np2p_port = ninety\n");
        assertEquals("setting p2p_port: 'ninety' is not a port number (0-65535) (from Teranode settings " + conf
                + " line 2 (p2p_port))", failure(() -> load(Optional.of(conf), Optional.empty(), List.of(), Map.of())));

        Path unresolved = file("unresolved.conf", "\n\nasset_httpAddress.dev = http://${NO_SUCH_HOST}/api/v1\n");
        assertEquals("setting asset_httpAddress in " + unresolved + " line 3 (asset_httpAddress.dev): ${NO_SUCH_HOST}"
                + " names no setting and no environment variable",
                failure(() -> load(Optional.of(unresolved), Optional.empty(), List.of(), Map.of())));

        Path loop = file("loop.conf", "a = ${b}\nb = ${a}\np2p_port = ${a}\n");
        assertTrue(failure(() -> load(Optional.of(loop), Optional.empty(), List.of(), Map.of()))
                .contains("a reference loop?"));

        Path missing = dir.resolve("absent.conf");
        assertTrue(failure(() -> load(Optional.of(missing), Optional.empty(), List.of(), Map.of()))
                .startsWith("Teranode settings file " + missing + " cannot be read"));
    }
}
