package p2p.node.host;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * The libp2p node's meters (spec section 12: connected peers): peers, wire bytes, connections refused by the
 * connection gater or a connection cap, all read from the node at each scrape (topic peers: PubsubMeters).
 */
public final class NodeMeters {
    private static final String GATED = "Connections the ban list refused: inbound before any byte is read, outbound"
            + " before dialling";
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

    private static void counter(List<Meter> meters, MeterRegistry registry, List<Tag> common, String name,
                                String help, P2PNode node, Function<P2PNode, Long> read, List<Tag> labels) {
        List<Tag> tags = new ArrayList<>(common);
        tags.addAll(labels);
        meters.add(registry.getOrCreate(FunctionalCounter.builder(name, node, read).description(help).tags(tags)));
    }
}
