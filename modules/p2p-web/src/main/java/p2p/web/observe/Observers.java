package p2p.web.observe;

import java.util.List;

import io.helidon.health.HealthCheck;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * Helidon's observe features of the operator server (spec sections 8 and 12): health ({@code /health/live},
 * {@code /health/ready}) and Prometheus metrics ({@code /metrics}), each on the listeners named. One feature per
 * listener set, because an observe feature puts all its observers on all its listeners.
 */
public final class Observers {

    private Observers() {
    }

    /** {@code /health}, {@code /health/live}, {@code /health/ready} with these checks, on {@code sockets}. */
    public static ObserveFeature health(String name, List<String> sockets, List<HealthCheck> checks) {
        return ObserveFeature.builder()
                .name(name)
                .endpoint("/")
                .sockets(sockets)
                .observersDiscoverServices(false)
                .addObserver(HealthObserver.builder()
                        // details: 200 with one entry per check instead of an empty 204
                        .details(true)
                        .useSystemServices(false)
                        .healthChecks(checks)
                        .build())
                .build();
    }

    /** The registry in Prometheus text at {@code path} (e.g. {@code /metrics}) on {@code sockets}. */
    public static ObserveFeature metrics(String name, List<String> sockets, String path, MeterRegistry registry) {
        int slash = path.lastIndexOf('/');
        String base = slash <= 0 ? "/" : path.substring(0, slash);
        return ObserveFeature.builder()
                .name(name)
                .endpoint(base)
                .sockets(sockets)
                .observersDiscoverServices(false)
                .addObserver(MetricsObserver.builder()
                        .endpoint(path.substring(slash + 1))
                        .meterRegistry(registry)
                        .build())
                .build();
    }
}
