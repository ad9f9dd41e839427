package p2p.web.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class WebMetricsTest {

    @Test
    void countersAndGaugesAreWrittenInPrometheusTextFormat() {
        WebMetrics metrics = new WebMetrics();
        AtomicInteger peers = new AtomicInteger(3);
        Counter block = metrics.counter("p2p_messages_received_total", "Gossip messages received.", "topic", "block");
        metrics.counter("p2p_messages_received_total", "Gossip messages received.", "topic", "subtree").add(2);
        block.increment();
        metrics.gauge("p2p_peers_connected", "Connected peers.", peers::get);
        peers.set(7);
        assertEquals("""
                # HELP p2p_messages_received_total Gossip messages received.
                # TYPE p2p_messages_received_total counter
                p2p_messages_received_total{topic="block"} 1
                p2p_messages_received_total{topic="subtree"} 2
                # HELP p2p_peers_connected Connected peers.
                # TYPE p2p_peers_connected gauge
                p2p_peers_connected 7
                """, metrics.scrape());
    }

    @Test
    void theSameNameAndLabelsGiveTheSameCounter() {
        WebMetrics metrics = new WebMetrics();
        assertSame(metrics.counter("a_total", "h", "k", "v"), metrics.counter("a_total", "h", "k", "v"));
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        WebMetrics metrics = new WebMetrics();
        metrics.gauge("g", "line\\one\ntwo", () -> 1.5, "path", "a\"b\\c\nd");
        assertEquals("""
                # HELP g line\\\\one\\ntwo
                # TYPE g gauge
                g{path="a\\"b\\\\c\\nd"} 1.5
                """, metrics.scrape());
    }

    @Test
    void specialValuesUsePrometheusSpelling() {
        assertEquals("NaN", PrometheusText.format(Double.NaN));
        assertEquals("+Inf", PrometheusText.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.format(Double.NEGATIVE_INFINITY));
        assertEquals("-3", PrometheusText.format(-3));
        assertEquals("1.0E20", PrometheusText.format(1e20));
    }

    @Test
    void aFailingGaugeIsReportedAsNaNAndTheScrapeGoesOn() {
        WebMetrics metrics = new WebMetrics();
        metrics.gauge("broken", "h", () -> {
            throw new IllegalStateException("boom");
        });
        metrics.gauge("fine", "h", () -> 2);
        String text = metrics.scrape();
        assertTrue(text.contains("broken NaN\n"), text);
        assertTrue(text.contains("fine 2\n"), text);
    }

    @Test
    void invalidRegistrationsAreRefusedNamingTheMetric() {
        WebMetrics metrics = new WebMetrics();
        metrics.gauge("dup", "h", () -> 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> metrics.gauge("dup", "h", () -> 2))
                .getMessage().contains("dup"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> metrics.counter("dup_total", "h", "k"))
                .getMessage().contains("name/value pairs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> metrics.counter("no_suffix", "h"))
                .getMessage().contains("_total"));
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("bad-name", "h", () -> 1));
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("ok", "h", () -> 1, "bad-label", "v"));
        metrics.counter("mixed_total", "h");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> metrics.gauge("mixed_total", "h", () -> 1))
                .getMessage().contains("already registered as a counter"));
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("x_total", "h").add(-1));
    }

    @Test
    void jvmMetricsAreRegistered() {
        String text = WebMetrics.withJvmMetrics().scrape();
        assertTrue(text.contains("# TYPE jvm_memory_used_bytes gauge"), text);
        assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\"} "), text);
        assertTrue(text.contains("jvm_threads_current "), text);
        assertTrue(text.contains("process_uptime_seconds "), text);
        assertTrue(text.contains("# TYPE jvm_gc_collections_total counter"), text);
    }
}
