package p2p.kafka.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import p2p.kafka.ClientOptions;
import p2p.kafka.KafkaUrl;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admin side of one producer or consumer: creates its topic when absent, with the URL's partitions, replication
 * and retention (as Teranode's producers do), and answers the readiness probe.
 */
final class BrokerAdmin implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BrokerAdmin.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final KafkaUrl url;
    private final ClientOptions options;
    private Admin admin; // created on first use: guarded by this
    private boolean closed; // guarded by this

    BrokerAdmin(KafkaUrl url, ClientOptions options) {
        this.url = Objects.requireNonNull(url, "url");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * kafka-clients refuses to build a client whose broker names do not resolve yet (a container still starting);
     * building on first use lets that failure be retried like any other outage.
     */
    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("admin client of " + url.describe() + " is closed");
        }
        if (admin == null) {
            admin = Admin.create(ClientConfigs.admin(url, options));
        }
        return admin;
    }

    /**
     * Creates the topic unless it exists, retrying with backoff while the cluster does not answer or refuses.
     *
     * @param stopping counted down when the owner closes; ends the retries
     * @return true once the topic exists, false if stopped first
     */
    boolean awaitTopic(CountDownLatch stopping) {
        String lastProblem = null;
        for (int attempt = 1; ; attempt++) {
            try {
                createIfAbsent();
                if (lastProblem != null) {
                    LOG.info(() -> "Kafka topic " + url.describe() + " is available");
                }
                return true;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                String problem = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                if (!problem.equals(lastProblem)) { // one line per distinct problem, not one per retry
                    LOG.log(Level.WARNING, "Kafka topic " + url.describe() + " could not be created or checked ("
                            + problem + "); retrying");
                    lastProblem = problem;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (Backoff.stoppedWhilePausing(stopping, FIRST_BACKOFF, options.maxRetryBackoff(), attempt)) {
                return false;
            }
        }
    }

    private void createIfAbsent() throws ExecutionException, TimeoutException, InterruptedException {
        long timeoutMs = options.requestTimeout().toMillis();
        // Look before creating: a cluster may let this client read topics but not create them.
        try {
            admin().describeTopics(List.of(url.topic())).allTopicNames()
                    .get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
            return; // an existing topic keeps its partitions and configuration: an operator may have tuned them
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.SEGMENT_BYTES_CONFIG, Long.toString(url.segmentBytes()));
        if (url.retention().isPresent()) {
            String ms = Long.toString(url.retention().get().toMillis());
            configs.put(TopicConfig.RETENTION_MS_CONFIG, ms);
            // Retention deletes whole closed segments only; rolling segments as often keeps the bound honest.
            configs.put(TopicConfig.SEGMENT_MS_CONFIG, ms);
        } else {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        NewTopic topic = new NewTopic(url.topic(), url.partitions(), url.replicationFactor()).configs(configs);
        try {
            admin().createTopics(List.of(topic), new CreateTopicsOptions().timeoutMs((int) timeoutMs)).all()
                    .get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
            LOG.info(() -> "Kafka topic " + url.describe() + " created: " + url.partitions() + " partitions, replication "
                    + url.replicationFactor() + ", retention " + url.retention().map(Duration::toString).orElse("forever"));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // else another client created it meanwhile
                throw e;
            }
        }
    }

    /** @return whether the cluster answers a metadata request within the probe timeout */
    boolean reachable() {
        long timeoutMs = options.probeTimeout().toMillis();
        try {
            return !admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs)).nodes()
                    .get(timeoutMs + 500, TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        Admin open;
        synchronized (this) {
            closed = true;
            open = admin;
        }
        if (open != null) {
            open.close(options.closeTimeout());
        }
    }
}
