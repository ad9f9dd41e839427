package p2p.kafka;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written the way Teranode's Go settings write them ({@code 1s}, {@code 500ms}, {@code 1m30s}):
 * one or more decimal numbers, each followed by a unit ({@code ns, us, µs, ms, s, m, h}).
 */
final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /**
     * @param text the duration text
     * @return the duration
     * @throws IllegalArgumentException when the text is not a Go duration
     */
    static Duration parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = PART.matcher(text);
        long nanos = 0;
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("not a duration such as 500ms, 1s or 1m30s");
            }
            double amount = Double.parseDouble(m.group(1));
            long unitNanos = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L; // h
            };
            double partNanos = amount * unitNanos;
            if (partNanos > Long.MAX_VALUE - nanos) {
                throw new IllegalArgumentException("duration too long");
            }
            nanos += (long) partNanos;
            at = m.end();
        }
        return Duration.ofNanos(nanos);
    }
}
