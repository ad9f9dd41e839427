package p2p.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import p2p.common.time.GoDuration;

/**
 * How a module reads its settings (issue 17 change 3): the configured text of a key from the application's layers,
 * else the module's own default, the one place that default is written; typed readers whose errors are
 * {@link SettingException}s naming the key and the value. A key set to an empty value is empty, not defaulted, as in
 * Teranode's settings files.
 */
public final class SettingLookup {
    private final Function<String, Optional<String>> configured;
    private final Map<String, String> defaults;

    /**
     * @param configured the configured text of a key (empty Optional: not set by any layer)
     * @param defaults   the module's keys with their built-in defaults ("" for none)
     */
    public SettingLookup(Function<String, Optional<String>> configured, Map<String, String> defaults) {
        this.configured = configured;
        this.defaults = defaults;
    }

    /** The text of {@code key}: as configured, else its default. */
    public String text(String key) {
        String fallback = defaults.get(key);
        if (fallback == null) {
            throw new IllegalArgumentException(key + " is not one of this module's keys " + defaults.keySet());
        }
        return configured.apply(key).orElse(fallback);
    }

    /** The trimmed text, empty when blank. */
    public Optional<String> optional(String key) {
        String value = text(key).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The trimmed text; blank is an error. */
    public String required(String key) {
        return optional(key).orElseThrow(() -> SettingException.missing(key));
    }

    /** A whole number from {@code min} to {@code max}. */
    public int integer(String key, int min, int max) {
        String text = required(key);
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the key and value
        }
        throw new SettingException(key, text, "is not a whole number from " + min + " to " + max);
    }

    /** {@code true}/{@code yes}/{@code 1}/{@code on} or {@code false}/{@code no}/{@code 0}/{@code off}. */
    public boolean bool(String key) {
        String text = required(key);
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new SettingException(key, text, "is not a boolean (true or false)");
        };
    }

    /** A positive Go duration ({@code 24h}, {@code 1h30m}, {@code 500ms}), as Teranode's gocore reads one. */
    public Duration duration(String key) {
        String text = required(key);
        Duration d;
        try {
            d = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SettingException(key, text, "is not a Go duration such as 24h, 1h30m, 10s or 500ms ("
                    + e.getMessage() + ")");
        }
        if (d.isZero() || d.isNegative()) {
            throw new SettingException(key, text, "must be longer than zero");
        }
        return d;
    }

    /** A listen address ({@link HostPort#parse}). */
    public HostPort hostPort(String key, String defaultHost, int defaultPort) {
        return HostPort.parse(key, required(key), defaultHost, defaultPort);
    }

    /** A file that must exist and be readable because {@code when} (e.g. {@code securityLevelHTTP > 0 (HTTPS)}). */
    public Path readableFile(String key, String when) {
        Path path = Path.of(optional(key).orElseThrow(() -> SettingException.missingWhen(key, when)));
        if (!Files.isReadable(path)) {
            throw new SettingException(key, path.toString(), "does not exist or is not readable");
        }
        return path;
    }
}
