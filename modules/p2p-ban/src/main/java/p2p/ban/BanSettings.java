package p2p.ban;

import java.time.Duration;

/**
 * Settings of the ban list. {@code jdbcUrl} is {@code jdbc:derby:<dir>;create=true} for the embedded default
 * or a {@code jdbc:postgresql:} URL; {@code maxEntries} bounds the list (see {@link BanList} for the policy).
 * {@code username} and {@code password} may be null or empty (embedded Derby needs neither).
 */
public record BanSettings(String jdbcUrl, String username, String password, int maxEntries, Duration defaultDuration) {

    /** Checks the values; errors name the setting ({@code p2p_ban_*}) and the value at fault. */
    public BanSettings {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("ban list JDBC URL (p2p_ban_persist_path) is empty");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("p2p_ban_max_entries must be at least 1, got " + maxEntries);
        }
        if (defaultDuration == null || defaultDuration.isNegative() || defaultDuration.isZero()) {
            throw new IllegalArgumentException("p2p_ban_default_duration must be positive, got " + defaultDuration);
        }
    }

    /** Embedded Derby in {@code directory} (created when absent), with the given bounds. */
    public static BanSettings derby(java.nio.file.Path directory, int maxEntries, Duration defaultDuration) {
        return new BanSettings("jdbc:derby:" + directory.toAbsolutePath() + ";create=true", null, null, maxEntries,
                defaultDuration);
    }
}
