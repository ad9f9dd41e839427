package p2p.testkit.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kafka 4 broker in KRaft mode (combined broker and controller) running in a child JVM whose class path is
 * the test class path. {@link #shared()} is one broker for every test class; a test that kills a broker starts its
 * own with {@link #start()}. {@link #kill()} and {@link #restart()} keep the ports and the log directory.
 */
public final class TestBroker implements KafkaServers, AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static TestBroker shared; // guarded by TestBroker.class

    private final Path dir;
    private final int port;
    private final KraftProcess server;

    private TestBroker(Path dir) throws IOException {
        this.dir = dir;
        Path logDir = dir.resolve("data");
        Path properties = dir.resolve("server.properties");
        this.port = freePort();
        int controllerPort = freePort();
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDir,
                "auto.create.topics.enable=false", // topics must come from the producer's own creation
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""), StandardCharsets.UTF_8);
        this.server = new KraftProcess(properties, logDir, dir.resolve("broker.out"), Uuid.randomUuid().toString(),
                512);
    }

    /** @return the broker shared by all test classes, started on first use and stopped when the JVM exits */
    public static synchronized TestBroker shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** @return a new broker of its own, started and answering */
    public static TestBroker start() {
        try {
            TestBroker broker = new TestBroker(Files.createTempDirectory("p2p-kafka-broker"));
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code host:port} of the broker's client listener */
    @Override
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /**
     * @param topicAndQuery e.g. {@code blocks?partitions=2}
     * @return a kafka:// URL of this broker
     */
    @Override
    public String url(String topicAndQuery) {
        return "kafka://" + bootstrap() + "/" + topicAndQuery;
    }

    /** @return an admin client of this broker, for checks the module's API does not offer */
    @Override
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    /** Kills the broker process at once (SIGKILL), as a crash or a pulled cable would. */
    public synchronized void kill() {
        server.kill();
    }

    /** Starts the killed broker again on the same ports and log directory, and waits until it answers. */
    public synchronized void restart() {
        if (server.running()) {
            throw new IllegalStateException("broker is running");
        }
        launch();
    }

    /** Restarts the broker if a test killed it and did not restart it. */
    public synchronized void ensureRunning() {
        if (!server.running()) {
            launch();
        }
    }

    private synchronized void launch() {
        server.launch();
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000))) {
            while (true) {
                server.checkAlive();
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes()
                            .get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker did not answer within " + READY_TIMEOUT + ":\n"
                                + server.outputTail(), notYet);
                    }
                }
            }
        }
    }

    /** Kills the broker (its data is thrown away, so a clean shutdown would only cost time) and deletes its files. */
    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
