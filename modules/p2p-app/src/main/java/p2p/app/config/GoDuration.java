package p2p.app.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way Teranode's settings write them (Go's time.ParseDuration): {@code 24h}, {@code 1h30m},
 * {@code 10s}, {@code 500ms}; a bare number is taken as seconds. Negative durations are refused.
 */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");

    private GoDuration() {
    }

    static Duration parse(String key, String text) {
        String value = text.trim();
        if (value.matches("\\d+")) {
            // Digits only: seconds. More than a long holds is refused here rather than by Long.parseLong's
            // NumberFormatException, which would not name the setting.
            if (value.length() > 18 && new java.math.BigInteger(value).bitLength() > 63) {
                throw SettingsException.invalid(key, text, "is too large a duration");
            }
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Matcher m = PART.matcher(value);
        int at = 0;
        long nanos = 0;
        while (at < value.length()) {
            if (!m.find(at) || m.start() != at) {
                throw SettingsException.invalid(key, text, "is not a duration (examples: 24h, 1h30m, 10s, 500ms)");
            }
            double part = Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
            // Go refuses a duration over ~292 years (int64 nanoseconds); a cast would saturate and the sum wrap.
            if (part >= Long.MAX_VALUE || Long.MAX_VALUE - nanos < (long) part) {
                throw SettingsException.invalid(key, text, "is too large a duration (at most 292 years)");
            }
            nanos += (long) part;
            at = m.end();
        }
        if (value.isEmpty()) {
            throw SettingsException.invalid(key, text, "is not a duration (examples: 24h, 1h30m, 10s, 500ms)");
        }
        return Duration.ofNanos(nanos);
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            default -> throw new IllegalStateException(unit);
        };
    }
}
