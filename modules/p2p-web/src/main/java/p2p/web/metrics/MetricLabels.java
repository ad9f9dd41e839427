package p2p.web.metrics;

import java.util.regex.Pattern;

/**
 * Label sets given as {@code name, value, name, value...}, validated and rendered once in Prometheus text form
 * ({@code topic="block",action="add"}); the rendered text is also the sample's identity within its family.
 */
final class MetricLabels {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private MetricLabels() {
    }

    static String render(String metric, String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels of metric " + metric + " must be name/value pairs, got "
                    + pairs.length + " strings");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            String name = pairs[i];
            String value = pairs[i + 1];
            if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException("invalid label name '" + name + "' on metric " + metric);
            }
            if (value == null) {
                throw new IllegalArgumentException("label " + name + " of metric " + metric + " has no value");
            }
            if (i > 0) {
                out.append(',');
            }
            out.append(name).append("=\"");
            escape(value, out);
            out.append('"');
        }
        return out.toString();
    }

    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
