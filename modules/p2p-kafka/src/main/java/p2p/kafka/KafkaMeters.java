package p2p.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * The Kafka bridge's meters (spec section 12: records produced and consumed), one series per configured URL, read
 * from the {@link KafkaStats} of that producer or consumer at each scrape. Each method returns the meters it
 * registered, for their owner to remove when it stops.
 */
public final class KafkaMeters {

    private KafkaMeters() {
    }

    /** {@code p2p_kafka_{produced,retried,failed,dropped}_total{url}} of one producer. */
    public static List<Meter> registerProducer(MeterRegistry registry, List<Tag> common, String url,
                                               KafkaStats stats) {
        return List.of(
                counter(registry, common, "p2p_kafka_produced_total", "Kafka messages the broker acknowledged", url,
                        stats, KafkaStats::produced),
                counter(registry, common, "p2p_kafka_retried_total",
                        "Kafka messages sent again after a broker outage", url, stats, KafkaStats::retried),
                counter(registry, common, "p2p_kafka_failed_total", "Kafka messages that failed for good", url,
                        stats, KafkaStats::failed),
                counter(registry, common, "p2p_kafka_dropped_total",
                        "Kafka messages refused because the re-send buffer was full", url, stats,
                        KafkaStats::dropped));
    }

    /** {@code p2p_kafka_{consumed,rejected,skipped}_total{url}} of one consumer. */
    public static List<Meter> registerConsumer(MeterRegistry registry, List<Tag> common, String url,
                                               KafkaStats stats) {
        return List.of(
                counter(registry, common, "p2p_kafka_consumed_total", "Kafka messages handled", url, stats,
                        KafkaStats::consumed),
                counter(registry, common, "p2p_kafka_rejected_total",
                        "Kafka messages the handler rejected, passed over", url, stats, KafkaStats::rejected),
                counter(registry, common, "p2p_kafka_skipped_total", "Kafka messages lost to in-process retention",
                        url, stats, KafkaStats::skipped));
    }

    private static Meter counter(MeterRegistry registry, List<Tag> common, String name, String help, String url,
                                 KafkaStats stats, Function<KafkaStats, Long> read) {
        List<Tag> tags = new ArrayList<>(common);
        tags.add(Tag.create("url", url));
        return registry.getOrCreate(FunctionalCounter.builder(name, stats, read).description(help).tags(tags));
    }
}
