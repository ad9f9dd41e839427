package p2p.web.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;

/** All samples of one metric name: its help, its type and one value source per label set. */
final class MetricFamily {
    private final String name;
    private final String help;
    private final MetricType type;
    /** Label text -> value source; sorted so scrapes are stable. Concurrent: registered from any thread. */
    private final Map<String, DoubleSupplier> samples = new ConcurrentSkipListMap<>();

    MetricFamily(String name, String help, MetricType type) {
        this.name = name;
        this.help = help;
        this.type = type;
    }

    String name() {
        return name;
    }

    String help() {
        return help;
    }

    MetricType type() {
        return type;
    }

    Map<String, DoubleSupplier> samples() {
        return samples;
    }
}
