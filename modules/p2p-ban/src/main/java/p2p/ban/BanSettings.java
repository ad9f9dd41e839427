package p2p.ban;

import java.time.Duration;

/**
 * Settings of the ban list. {@code jdbcUrl} is {@code jdbc:derby:<dir>;create=true} for the embedded default
 * or a {@code jdbc:postgresql:} URL; {@code maxEntries} bounds the list (see {@link BanList} for the policy).
 */
public record BanSettings(String jdbcUrl, String username, String password, int maxEntries, Duration defaultDuration) {
}
