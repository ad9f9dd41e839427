package p2p.node.discovery;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.util.List;

/**
 * Discovery's meter on {@code /metrics}, registered by the module that owns it (issue 17 change 2): the routing
 * table's size, {@code -1} while no DHT runs (2026 with {@code p2p_dht_mode: off}).
 */
public final class DiscoveryMeters {
    private DiscoveryMeters() {
    }

    /** Registers {@code p2p_dht_routing_table_peers}; the caller removes the returned meter when discovery stops. */
    public static Meter register(RunningDiscovery discovery, MeterRegistry registry, List<Tag> tags) {
        return registry.getOrCreate(Gauge.builder("p2p_dht_routing_table_peers", discovery,
                        RunningDiscovery::routingTableSize)
                .description("Peers in the Kademlia routing table (-1: no DHT runs)")
                .tags(tags));
    }
}
