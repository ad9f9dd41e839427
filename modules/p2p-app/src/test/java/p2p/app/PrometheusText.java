package p2p.app;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads one sample out of a {@code /metrics} scrape the way a PromQL selector does: by name and the labels asked
 * for, whatever other labels the series carries ({@code scope}, {@code peer_id}).
 */
final class PrometheusText {

    private PrometheusText() {
    }

    /** The value of the first series {@code name} carrying every {@code label, value} pair given. */
    static OptionalDouble sample(String text, String name, String... labelPairs) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            Map<String, String> labels = labels(line.substring(name.length(), space));
            boolean all = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                all &= labelPairs[i + 1].equals(labels.get(labelPairs[i]));
            }
            if (all) {
                return OptionalDouble.of(Double.parseDouble(line.substring(space + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    private static Map<String, String> labels(String braces) {
        Map<String, String> labels = new HashMap<>();
        if (braces.isEmpty()) {
            return labels;
        }
        // {a="x",b="y",} - label values here never hold quotes or commas followed by a label name
        for (String pair : braces.substring(1, braces.length() - 1).split("\",")) {
            int eq = pair.indexOf("=\"");
            if (eq > 0) {
                String value = pair.substring(eq + 2);
                labels.put(pair.substring(0, eq), value.endsWith("\"") ? value.substring(0, value.length() - 1) : value);
            }
        }
        return labels;
    }
}
