package p2p.web.metrics;

import java.util.Collection;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Writes metric families in the Prometheus text exposition format, version 0.0.4. */
final class PrometheusText {
    private static final Logger LOG = Logger.getLogger(PrometheusText.class.getName());
    /** Doubles up to 2^53 are exact integers; print them without a fraction. */
    private static final double EXACT_INTEGER_LIMIT = 9.007199254740992E15;

    private PrometheusText() {
    }

    static String write(Collection<MetricFamily> families) {
        StringBuilder out = new StringBuilder(4096);
        for (MetricFamily family : families) {
            if (family.samples().isEmpty()) {
                continue;
            }
            out.append("# HELP ").append(family.name()).append(' ');
            escapeHelp(family.help(), out);
            out.append('\n');
            out.append("# TYPE ").append(family.name()).append(' ').append(family.type().text()).append('\n');
            for (Map.Entry<String, DoubleSupplier> sample : family.samples().entrySet()) {
                out.append(family.name());
                if (!sample.getKey().isEmpty()) {
                    out.append('{').append(sample.getKey()).append('}');
                }
                out.append(' ').append(format(read(family.name(), sample.getValue()))).append('\n');
            }
        }
        return out.toString();
    }

    private static double read(String name, DoubleSupplier source) {
        try {
            return source.getAsDouble();
        } catch (RuntimeException e) {
            // One failing source must not break the whole scrape; NaN tells the reader the value is unknown.
            LOG.log(Level.FINE, "metric " + name + " could not be read", e);
            return Double.NaN;
        }
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGER_LIMIT) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static void escapeHelp(String help, StringBuilder out) {
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
