package p2p.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka 4 cluster of three KRaft servers (each broker and controller, the three the controller quorum), each
 * in a child JVM, as an operator would run it for a node that must not lose announcements (issue 18 item 3): topics
 * default to replication factor 3 and {@code min.insync.replicas=2}, so an {@code acks=all} write survives one server
 * lost. {@link #kill(int)} ends one at once (SIGKILL); {@link #restart(int)} brings it back on its ports and files.
 *
 * <p>URLs from {@link #url(String)} name all three servers and ask for {@code replication=3} (the node creates its
 * topics with the URL's factor, spec section 4).
 */
public final class TestCluster implements KafkaServers, AutoCloseable {
    /** Servers in the cluster. */
    public static final int SIZE = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final int[] ports = new int[SIZE];
    private final List<KraftProcess> servers = new ArrayList<>();

    private TestCluster(Path dir) throws IOException {
        this.dir = dir;
        int[] controllerPorts = new int[SIZE];
        for (int i = 0; i < SIZE; i++) {
            ports[i] = freePort();
            controllerPorts[i] = freePort();
        }
        String voters = IntStream.range(0, SIZE).mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i])
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        for (int i = 0; i < SIZE; i++) {
            Path home = Files.createDirectories(dir.resolve("server-" + (i + 1)));
            Path logDir = home.resolve("data");
            Path properties = home.resolve("server.properties");
            Files.writeString(properties, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=" + (i + 1),
                    "controller.quorum.voters=" + voters,
                    "listeners=PLAINTEXT://127.0.0.1:" + ports[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i],
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports[i],
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + logDir,
                    "auto.create.topics.enable=false", // topics must come from the producer's own creation
                    "num.partitions=1",
                    "default.replication.factor=" + SIZE,
                    "min.insync.replicas=2",
                    "unclean.leader.election.enable=false",
                    "offsets.topic.replication.factor=" + SIZE,
                    "offsets.topic.num.partitions=1",
                    "transaction.state.log.replication.factor=" + SIZE,
                    "transaction.state.log.min.isr=2",
                    "share.coordinator.state.topic.replication.factor=" + SIZE,
                    "share.coordinator.state.topic.min.isr=2",
                    "group.initial.rebalance.delay.ms=0",
                    ""), StandardCharsets.UTF_8);
            servers.add(new KraftProcess(properties, logDir, home.resolve("server.out"), clusterId, 384));
        }
    }

    /** @return a new cluster, its three servers started and registered */
    public static TestCluster start() {
        TestCluster cluster;
        try {
            cluster = new TestCluster(Files.createTempDirectory("p2p-kafka-cluster"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            cluster.servers.forEach(KraftProcess::launch); // together: each waits for a controller quorum
            cluster.awaitRegistered(Set.of(1, 2, 3));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public String bootstrap() {
        return IntStream.of(ports).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** As {@link KafkaServers#url}, with {@code replication=3} added unless the query names a factor. */
    @Override
    public String url(String topicAndQuery) {
        String url = "kafka://" + bootstrap() + "/" + topicAndQuery;
        if (topicAndQuery.contains("replication=")) {
            return url;
        }
        return url + (topicAndQuery.contains("?") ? "&" : "?") + "replication=" + SIZE;
    }

    @Override
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    /** Kills server {@code nodeId} (1 to 3) at once, as a crash or a pulled cable would. */
    public void kill(int nodeId) {
        server(nodeId).kill();
    }

    /** Starts killed server {@code nodeId} again on its ports and files, and waits until it has registered. */
    public void restart(int nodeId) {
        server(nodeId).launch();
        awaitRegistered(Set.of(nodeId));
    }

    private KraftProcess server(int nodeId) {
        if (nodeId < 1 || nodeId > SIZE) {
            throw new IllegalArgumentException("Kafka node id " + nodeId + " is not in the cluster (1 to " + SIZE + ")");
        }
        return servers.get(nodeId - 1);
    }

    private void awaitRegistered(Set<Integer> nodeIds) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000))) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                servers.forEach(KraftProcess::checkAlive);
                try {
                    Set<Integer> registered = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes().get(3, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet());
                    if (registered.containsAll(nodeIds)) {
                        return;
                    }
                } catch (Exception notYet) {
                    last = notYet;
                }
                try {
                    Thread.sleep(200); // the next look at the cluster's metadata; the admin call above has its timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for Kafka servers " + nodeIds, e);
                }
            }
            StringBuilder tails = new StringBuilder();
            for (int i = 0; i < SIZE; i++) {
                tails.append("\n--- server ").append(i + 1).append(":\n").append(servers.get(i).outputTail());
            }
            throw new IllegalStateException("Kafka servers " + nodeIds + " did not register within " + READY_TIMEOUT
                    + tails, last);
        }
    }

    /** Kills every server (their data is thrown away) and deletes their files. */
    @Override
    public void close() {
        servers.forEach(KraftProcess::kill);
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
