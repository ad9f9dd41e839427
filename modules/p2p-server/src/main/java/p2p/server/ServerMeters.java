package p2p.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * The server's meters (spec section 12: messages received, published and dropped per topic):
 * {@code p2p_topic_{received,accepted,malformed,banned,repeated,published}_total{topic}}, read from {@link ServerCounters}
 * at each scrape.
 */
public final class ServerMeters {

    private ServerMeters() {
    }

    /** Registers the per-topic meters of every topic in {@code topics}, each with the {@code common} tags. */
    public static List<Meter> register(ServerCounters counters, List<String> topics, MeterRegistry registry,
                                       List<Tag> common) {
        List<Meter> meters = new ArrayList<>();
        for (String topic : topics) {
            ServerCounters.TopicCounts counts = counters.topic(topic);
            List<Tag> tags = new ArrayList<>(common);
            tags.add(Tag.create("topic", topic));
            meters.add(counter(registry, tags, "p2p_topic_received_total", "Gossip messages delivered on a topic",
                    counts, ServerCounters.TopicCounts::received));
            meters.add(counter(registry, tags, "p2p_topic_accepted_total",
                    "Gossip messages from peers that passed the checks", counts, ServerCounters.TopicCounts::accepted));
            meters.add(counter(registry, tags, "p2p_topic_malformed_total", "Gossip messages that did not decode",
                    counts, ServerCounters.TopicCounts::malformed));
            meters.add(counter(registry, tags, "p2p_topic_banned_total", "Gossip messages dropped from banned addresses",
                    counts, ServerCounters.TopicCounts::banned));
            meters.add(counter(registry, tags, "p2p_topic_repeated_total",
                    "Block and subtree announcements already sent to Kafka, dropped", counts,
                    ServerCounters.TopicCounts::repeated));
            meters.add(counter(registry, tags, "p2p_topic_published_total", "Gossip messages this node published",
                    counts, ServerCounters.TopicCounts::published));
        }
        return meters;
    }

    private static Meter counter(MeterRegistry registry, List<Tag> tags, String name, String help,
                                 ServerCounters.TopicCounts counts, Function<ServerCounters.TopicCounts, Long> read) {
        return registry.getOrCreate(FunctionalCounter.builder(name, counts, read).description(help).tags(tags));
    }
}
