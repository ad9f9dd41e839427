package p2p.web.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * The registry behind {@code /metrics}: counters and gauges that any module can register (messages per topic, ban
 * events, queue sizes), written in the Prometheus text format. One instance per server, passed to the modules that
 * report into it; no global state. Labels are given as {@code name, value} pairs.
 *
 * <pre>{@code
 * Counter received = metrics.counter("p2p_messages_received_total", "Gossip messages received", "topic", "block");
 * received.increment();
 * metrics.gauge("p2p_peers_connected", "Connected peers", () -> node.peerCount());
 * }</pre>
 */
public final class WebMetrics {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** Name -> family, sorted for stable output; concurrent because modules register from their own threads. */
    private final Map<String, MetricFamily> families = new ConcurrentSkipListMap<>();

    /** An empty registry. */
    public WebMetrics() {
    }

    /** A registry pre-filled with the JVM and process metrics of {@link JvmMetrics}. */
    public static WebMetrics withJvmMetrics() {
        WebMetrics metrics = new WebMetrics();
        JvmMetrics.register(metrics);
        return metrics;
    }

    /**
     * The counter {@code name} with these labels, created on first use; later calls with the same name and labels
     * return the same counter. Counter names end in {@code _total}, as Prometheus requires.
     */
    public Counter counter(String name, String help, String... labelPairs) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter name " + name + " must end with _total");
        }
        MetricFamily family = family(name, help, MetricType.COUNTER);
        String labels = MetricLabels.render(name, labelPairs);
        DoubleSupplier source = family.samples().computeIfAbsent(labels, l -> new CounterSource(new Counter()));
        if (source instanceof CounterSource(Counter counter)) {
            return counter;
        }
        throw new IllegalArgumentException("metric " + name + "{" + labels + "} is a counter function, not a counter");
    }

    /** Registers a gauge read from {@code value} at each scrape. A name and label set can be registered once. */
    public void gauge(String name, String help, DoubleSupplier value, String... labelPairs) {
        register(name, help, MetricType.GAUGE, value, labelPairs);
    }

    /**
     * Registers a counter whose value is kept elsewhere and read at each scrape (e.g. the JVM's GC count). The source
     * must never decrease. A name and label set can be registered once.
     */
    public void counterFunction(String name, String help, DoubleSupplier value, String... labelPairs) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter name " + name + " must end with _total");
        }
        register(name, help, MetricType.COUNTER, value, labelPairs);
    }

    /** Every metric in the Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return PrometheusText.write(families.values());
    }

    private void register(String name, String help, MetricType type, DoubleSupplier value, String... labelPairs) {
        Objects.requireNonNull(value, "value");
        MetricFamily family = family(name, help, type);
        String labels = MetricLabels.render(name, labelPairs);
        if (family.samples().putIfAbsent(labels, value) != null) {
            throw new IllegalArgumentException("metric " + name + "{" + labels + "} is already registered");
        }
    }

    private MetricFamily family(String name, String help, MetricType type) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name '" + name + "'");
        }
        Objects.requireNonNull(help, "help");
        MetricFamily family = families.computeIfAbsent(name, n -> new MetricFamily(n, help, type));
        if (family.type() != type) {
            throw new IllegalArgumentException("metric " + name + " is already registered as a "
                    + family.type().text() + ", not a " + type.text());
        }
        return family;
    }

    /** A counter's sample: reads the live count. */
    private record CounterSource(Counter counter) implements DoubleSupplier {
        @Override
        public double getAsDouble() {
            return counter.value();
        }
    }
}
