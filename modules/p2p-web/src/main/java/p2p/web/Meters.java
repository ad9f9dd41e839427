package p2p.web;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;

/**
 * The meter registry behind {@code /metrics} (spec section 12). Each module registers its meters in it (ban list,
 * node, server, Kafka, web) and removes them when it stops; {@code /metrics} serves it in Prometheus text with the
 * system meters (memory, threads, GC, CPU, class loading) that helidon-metrics-system-meters adds to it.
 *
 * <p>Helidon 4.5.0's Micrometer provider keeps one registry per process: every {@link MeterRegistry} it hands out
 * writes to the same Micrometer registry. A node therefore tags each of its meters with its peer id
 * ({@link #PEER_ID_TAG}), so two nodes in one JVM (the end-to-end tests) keep apart. Prometheus needs every series of
 * a name to carry the same label names: a meter registered without the tag where others have it is not scraped.
 */
public final class Meters {
    /** The label naming the node that owns a meter. */
    public static final String PEER_ID_TAG = "peer_id";

    private Meters() {
    }

    /** The process's registry (Helidon's global one, system meters included). */
    public static MeterRegistry registry() {
        return MetricsFactory.getInstance().globalRegistry();
    }
}
