package p2p.app.config;

import java.time.Duration;

/**
 * A duration setting read as Teranode reads it (gocore's {@code GetDuration} is Go's {@code time.ParseDuration}:
 * {@code 24h}, {@code 1h30m}, {@code 10s}, {@code 500ms}; no bare numbers, no {@code d}), by the one parser
 * {@link p2p.common.time.GoDuration}; a refusal becomes a settings error naming the key and the value.
 */
final class GoDuration {
    private GoDuration() {
    }

    static Duration parse(String key, String text) {
        try {
            return p2p.common.time.GoDuration.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw SettingsException.invalid(key, text, "is not a Go duration such as 24h, 1h30m, 10s or 500ms ("
                    + e.getMessage() + ")");
        }
    }
}
