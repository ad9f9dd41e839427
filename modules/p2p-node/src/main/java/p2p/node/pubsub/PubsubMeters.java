package p2p.node.pubsub;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Gossipsub's meters on {@code /metrics}, registered by the module that owns them (issue 17 change 2). */
public final class PubsubMeters {
    /** How long a scrape waits for the pubsub loop's answer. */
    private static final long TOPIC_PEERS_WAIT_SECONDS = 5;

    private PubsubMeters() {
    }

    /**
     * {@code p2p_topic_peers{topic}}: connected peers that announced a subscription to each topic, asked of the
     * pubsub loop at each scrape (NaN when it does not answer in time or gossipsub stopped).
     */
    public static List<Meter> registerTopicPeers(Gossipsub gossipsub, List<String> topics, MeterRegistry registry,
                                                 List<Tag> common) {
        List<Meter> meters = new ArrayList<>();
        for (String topic : topics) {
            List<Tag> tags = new ArrayList<>(common);
            tags.add(Tag.create("topic", topic));
            meters.add(registry.getOrCreate(Gauge.builder("p2p_topic_peers", gossipsub, g -> topicPeers(g, topic))
                    .description("Connected peers that announced a subscription to a gossip topic")
                    .tags(tags)));
        }
        return meters;
    }

    private static double topicPeers(Gossipsub gossipsub, String topic) {
        if (!gossipsub.isRunning()) {
            return Double.NaN;
        }
        try {
            return gossipsub.topicPeers(topic).get(TOPIC_PEERS_WAIT_SECONDS, TimeUnit.SECONDS).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            return Double.NaN;
        }
    }
}
