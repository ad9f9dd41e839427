package p2p.node.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * The libp2p node's meters (spec section 12: connected peers): peers, wire bytes, connections refused by the
 * connection gater or a connection cap, and peers per gossip topic, all read from the node at each scrape.
 */
public final class NodeMeters {
    private static final String GATED = "Connections the ban list refused: inbound before any byte is read, outbound"
            + " before dialling";
    private static final long TOPIC_PEERS_WAIT_SECONDS = 5;
    private static final String LIMITED = "Connections refused because a connection cap was reached";

    private NodeMeters() {
    }

    /** Registers the node's meters in {@code registry}, each with the {@code common} tags; returns them. */
    public static List<Meter> register(P2PNode node, MeterRegistry registry, List<Tag> common) {
        List<Meter> meters = new ArrayList<>();
        meters.add(registry.getOrCreate(Gauge.builder("p2p_peers_connected", node, n -> n.peers().size())
                .description("Connected libp2p peers")
                .tags(common)));
        counter(meters, registry, common, "p2p_bytes_sent_total", "Bytes written on the wire by all libp2p connections", node,
                P2PNode::bytesSent, List.of());
        counter(meters, registry, common, "p2p_bytes_received_total", "Bytes read from the wire by all libp2p connections", node,
                P2PNode::bytesReceived, List.of());
        counter(meters, registry, common, "p2p_connections_gated_total", GATED, node, n -> n.transportStats().gatedInbound(),
                List.of(Tag.create("direction", "inbound")));
        counter(meters, registry, common, "p2p_connections_gated_total", GATED, node, n -> n.transportStats().gatedOutbound(),
                List.of(Tag.create("direction", "outbound")));
        counter(meters, registry, common, "p2p_connections_limited_total", LIMITED, node, n -> n.transportStats().limitedInbound(),
                List.of(Tag.create("direction", "inbound")));
        counter(meters, registry, common, "p2p_connections_limited_total", LIMITED, node, n -> n.transportStats().limitedOutbound(),
                List.of(Tag.create("direction", "outbound")));
        return meters;
    }

    /**
     * {@code p2p_topic_peers{topic}}: connected peers that announced a subscription to each topic, asked of the
     * pubsub loop at each scrape (NaN when it does not answer in time).
     */
    public static List<Meter> registerTopicPeers(P2PNode node, List<String> topics, MeterRegistry registry,
                                                 List<Tag> common) {
        List<Meter> meters = new ArrayList<>();
        for (String topic : topics) {
            List<Tag> tags = new ArrayList<>(common);
            tags.add(Tag.create("topic", topic));
            meters.add(registry.getOrCreate(Gauge.builder("p2p_topic_peers", node, n -> topicPeers(n, topic))
                    .description("Connected peers that announced a subscription to a gossip topic")
                    .tags(tags)));
        }
        return meters;
    }

    private static double topicPeers(P2PNode node, String topic) {
        try {
            return node.topicPeers(topic).get(TOPIC_PEERS_WAIT_SECONDS, TimeUnit.SECONDS).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (ExecutionException | TimeoutException e) {
            return Double.NaN;
        }
    }

    private static void counter(List<Meter> meters, MeterRegistry registry, List<Tag> common, String name,
                                String help, P2PNode node, Function<P2PNode, Long> read, List<Tag> labels) {
        List<Tag> tags = new ArrayList<>(common);
        tags.addAll(labels);
        meters.add(registry.getOrCreate(FunctionalCounter.builder(name, node, read).description(help).tags(tags)));
    }
}
