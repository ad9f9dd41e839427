package p2p.web.metrics;

/** Prometheus metric types this registry exposes. */
enum MetricType {
    COUNTER("counter"), GAUGE("gauge");

    private final String text;

    MetricType(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}
