package p2p.app.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import p2p.common.config.HostPort;
import p2p.common.config.SettingException;
import p2p.common.config.SettingLookup;
import p2p.testkit.fuzz.Hostile;

/**
 * Hostile-input properties of the settings (spec section 11): an operator's YAML file and Teranode's
 * {@code settings.conf}, mutated from real ones and layered over the shipped application.yaml, load as
 * {@link Settings} or fail with a {@link SettingsException} (never a parser's own exception, a
 * NumberFormatException or a StackOverflowError); and the value parsers under them (Go durations, IP literals,
 * host:port) give a value or a {@link SettingsException}. Settings files have no size limit of their own (the
 * operator writes them); the allocation bound checked is a few MiB for these kilobyte files.
 */
class SettingsProperties {

    private static final Path SHIPPED = Path.of("../../config/application.yaml");
    private static final Path NODE1 = Path.of("../../config/node1.yaml");
    private static final long LOAD_CAP = 16L << 20;
    private static final List<Class<? extends Throwable>> OWN = List.of(SettingsException.class);
    private static final String CONF = """
            # Teranode settings.conf (fuzz seed)
            network = mainnet
            p2p_port = 9905
            p2p_port.docker = 9906
            clientName = "teranode ${network}"
            p2p_ban_threshold = 100
            p2p_ban_duration = 24h
            p2p_listen_addresses = 0.0.0.0
            p2p_static_peers = /ip4/10.0.0.1/tcp/9905/p2p/12D3KooWQPF5f3SVoQDKEyyvmGKAwQBAAYqCpUs99UqHzCKT4o2F
            kafka_blocksConfig = kafka://localhost:9092/blocks?partitions=1
            """;

    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("settings-properties");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Path write(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 400)
    void operatorYaml(@ForAll("yamls") byte[] yaml) {
        Path file = write("operator.yaml", yaml);
        Hostile.decode("SettingsLoader.load (YAML)", LOAD_CAP, OWN, () -> SettingsLoader.load(
                new SettingsLoader.Sources(List.of(SHIPPED), Optional.empty(), Optional.empty(), List.of(file)),
                Map.of()));
    }

    @Property(tries = 600)
    void teranodeSettingsConf(@ForAll("confs") byte[] conf) {
        Path file = write("settings.conf", conf);
        Hostile.decode("SettingsLoader.load (settings.conf)", LOAD_CAP, OWN, () -> SettingsLoader.load(
                new SettingsLoader.Sources(List.of(SHIPPED), Optional.of(file), Optional.of("docker"), List.of()),
                Map.of()));
    }

    @Property(tries = 5000)
    void goDuration(@ForAll("durations") String text) {
        Hostile.decode("SettingLookup.duration", 64L * text.length() + 64 * 1024, List.of(SettingException.class),
                () -> new SettingLookup(k -> Optional.of(text), Map.of("p2p_ban_duration", "24h"))
                        .duration("p2p_ban_duration"));
    }

    @Property(tries = 5000)
    void ipLiteral(@ForAll("ips") String text) {
        Hostile.decode("SettingsLoader.load (p2p_listen_addresses)", LOAD_CAP, OWN,
                () -> SettingsLoader.load(List.of(), Map.of("p2p_listen_addresses", text)));
    }

    @Property(tries = 5000)
    void hostPort(@ForAll("hostPorts") String text) {
        Hostile.decode("HostPort.parse", 64L * text.length() + 64 * 1024, List.of(SettingException.class),
                () -> HostPort.parse("p2p_httpListenAddress", text, "0.0.0.0", 9906));
    }

    @Provide
    Arbitrary<byte[]> yamls() {
        byte[] node1;
        try {
            node1 = Files.readAllBytes(NODE1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Arbitrary<byte[]> deep = Arbitraries.integers().between(1, 5000).map(n ->
                ("p2p_static_peers: " + "[".repeat(n) + "]".repeat(n) + "\n").getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> aliases = Arbitraries.integers().between(1, 12).map(SettingsProperties::laughs);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Hostile.hostile(Arbitraries.just(node1), 300)),
                net.jqwik.api.Tuple.of(1, deep), net.jqwik.api.Tuple.of(1, aliases));
    }

    /** YAML aliases nesting {@code levels} deep, each level ten times the last ("billion laughs"). */
    private static byte[] laughs(int levels) {
        StringBuilder s = new StringBuilder("a0: &a0 [x]\n");
        for (int i = 1; i <= levels; i++) {
            s.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                s.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            s.append("]\n");
        }
        s.append("p2p_static_peers: *a").append(levels).append('\n');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Provide
    Arbitrary<byte[]> confs() {
        return Hostile.hostile(Arbitraries.just(CONF.getBytes(StandardCharsets.UTF_8)), 300);
    }

    @Provide
    Arbitrary<String> durations() {
        return Hostile.hostileText(Arbitraries.of("24h", "1h30m", "10s", "500ms", "3", "1.5d", "0s",
                "99999999999999999999", "9223372036854775807ns"), 40);
    }

    @Provide
    Arbitrary<String> ips() {
        return Hostile.hostileText(Arbitraries.of("0.0.0.0", "127.0.0.1", "::", "::1", "2001:db8::1",
                "::ffff:192.0.2.1", "fe80::1"), 40);
    }

    @Provide
    Arbitrary<String> hostPorts() {
        return Hostile.hostileText(Arbitraries.of("127.0.0.1:9906", ":9906", "[::1]:9906", "localhost:9906", "0.0.0.0",
                "[2001:db8::1]"), 40);
    }
}
