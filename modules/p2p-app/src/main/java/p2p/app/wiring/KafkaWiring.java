package p2p.app.wiring;

import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.util.ArrayList;
import java.util.List;
import p2p.kafka.ClientOptions;
import p2p.kafka.KafkaClients;
import p2p.kafka.KafkaMeters;
import p2p.kafka.KafkaSettings;
import p2p.kafka.KafkaStats;
import p2p.kafka.MessageConsumer;
import p2p.kafka.MessageHandler;
import p2p.kafka.MessageProducer;
import p2p.web.ReadinessCheck;

/**
 * The node's four Kafka clients as the app wires them (spec section 4): the blocks and subtrees producers the server
 * feeds, started before the server, and the rejected-tx and invalid-blocks consumers that feed it, started after;
 * each with its stats and meters, one readiness check per cluster, and a row each on the dashboard.
 */
public final class KafkaWiring {
    private final KafkaSettings kafka;
    private final KafkaStats blocksStats = new KafkaStats();
    private final KafkaStats subtreesStats = new KafkaStats();
    private final KafkaStats rejectedTxStats = new KafkaStats();
    private final KafkaStats invalidBlocksStats = new KafkaStats();
    private final KafkaClients clients;
    private MessageProducer blocks;
    private MessageProducer subtrees;
    private MessageConsumer rejectedTx;
    private MessageConsumer invalidBlocks;

    public KafkaWiring(KafkaSettings kafka) {
        this.kafka = kafka;
        this.clients = new KafkaClients(ClientOptions.defaults().withProducerBufferLimit(kafka.producerBufferLimit()));
    }

    /** Opens the two producers and registers their meters; closing the result removes the meters and closes both. */
    public AutoCloseable startProducers(MeterRegistry meters, List<Tag> tags) {
        blocks = clients.producer(kafka.blocks(), blocksStats);
        subtrees = clients.producer(kafka.subtrees(), subtreesStats);
        List<Meter> registered = new ArrayList<>();
        registered.addAll(KafkaMeters.registerProducer(meters, tags, kafka.configured(KafkaSettings.BLOCKS_KEY),
                blocksStats));
        registered.addAll(KafkaMeters.registerProducer(meters, tags, kafka.configured(KafkaSettings.SUBTREES_KEY),
                subtreesStats));
        return () -> {
            registered.forEach(meters::remove);
            blocks.close();
            subtrees.close();
        };
    }

    /** The blocks producer ({@code kafka_blocksConfig}); after {@link #startProducers}. */
    public MessageProducer blocksProducer() {
        return blocks;
    }

    /** The subtrees producer ({@code kafka_subtreesConfig}); after {@link #startProducers}. */
    public MessageProducer subtreesProducer() {
        return subtrees;
    }

    /**
     * Starts the two consumers in {@code group}, feeding the server's handlers, and registers their meters; closing
     * the result removes the meters and closes both.
     */
    public AutoCloseable startConsumers(String group, MessageHandler rejectedTxHandler,
                                        MessageHandler invalidBlocksHandler, MeterRegistry meters, List<Tag> tags) {
        rejectedTx = clients.consumer(kafka.rejectedTx(), group, rejectedTxHandler, rejectedTxStats);
        invalidBlocks = clients.consumer(kafka.invalidBlocks(), group, invalidBlocksHandler, invalidBlocksStats);
        rejectedTx.start();
        invalidBlocks.start();
        List<Meter> registered = new ArrayList<>();
        registered.addAll(KafkaMeters.registerConsumer(meters, tags, kafka.configured(KafkaSettings.REJECTED_TX_KEY),
                rejectedTxStats));
        registered.addAll(KafkaMeters.registerConsumer(meters, tags,
                kafka.configured(KafkaSettings.INVALID_BLOCKS_KEY), invalidBlocksStats));
        return () -> {
            registered.forEach(meters::remove);
            rejectedTx.close();
            invalidBlocks.close();
        };
    }

    /** Readiness (spec section 8): one check per distinct broker list; after both starts. */
    public List<ReadinessCheck> readinessChecks() {
        return KafkaClusterChecks.of(List.of(
                new KafkaClusterChecks.Client(kafka.blocks(), () -> blocks.brokersReachable()),
                new KafkaClusterChecks.Client(kafka.subtrees(), () -> subtrees.brokersReachable()),
                new KafkaClusterChecks.Client(kafka.rejectedTx(), () -> rejectedTx.brokersReachable()),
                new KafkaClusterChecks.Client(kafka.invalidBlocks(), () -> invalidBlocks.brokersReachable())));
    }

    /** The dashboard's Kafka rows: setting, URL as configured, role and live stats of each client. */
    public List<DashboardView.Kafka> dashboardRows() {
        return List.of(
                row(KafkaSettings.BLOCKS_KEY, "producer", blocksStats),
                row(KafkaSettings.SUBTREES_KEY, "producer", subtreesStats),
                row(KafkaSettings.REJECTED_TX_KEY, "consumer", rejectedTxStats),
                row(KafkaSettings.INVALID_BLOCKS_KEY, "consumer", invalidBlocksStats));
    }

    private DashboardView.Kafka row(String key, String role, KafkaStats stats) {
        return new DashboardView.Kafka(key, kafka.configured(key), role, stats);
    }
}
