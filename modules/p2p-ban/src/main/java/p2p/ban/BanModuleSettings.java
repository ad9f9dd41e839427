package p2p.ban;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import p2p.common.config.SettingException;
import p2p.common.config.SettingLookup;

/**
 * The ban module's settings, keys {@code p2p_ban_*} (spec sections 5 and 9), read and checked here, beside the
 * code that uses them, with the one built-in default of each key (issue 17 change 3).
 *
 * @param list        the ban list's store and bounds
 * @param threshold   {@code p2p_ban_threshold}: the score at which {@link PeerBanManager} bans a peer
 * @param banDuration {@code p2p_ban_duration}: how long a score-reached ban lasts
 */
public record BanModuleSettings(BanSettings list, int threshold, Duration banDuration) {
    public static final String THRESHOLD = "p2p_ban_threshold";
    public static final String DURATION = "p2p_ban_duration";
    public static final String DEFAULT_DURATION = "p2p_ban_default_duration";
    public static final String MAX_ENTRIES = "p2p_ban_max_entries";
    /** A {@code jdbc:} URL, else a Derby directory; empty: {@code banlist} in {@code p2p_data_dir}. */
    public static final String PERSIST_PATH = "p2p_ban_persist_path";
    public static final String DB_USER = "p2p_ban_db_user";
    public static final String DB_PASSWORD = "p2p_ban_db_password";

    /** Every key of the module with its built-in default ("" for none). */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(THRESHOLD, "100");
        d.put(DURATION, "24h");
        d.put(DEFAULT_DURATION, "24h");
        d.put(MAX_ENTRIES, "100000");
        d.put(PERSIST_PATH, "");
        d.put(DB_USER, "");
        d.put(DB_PASSWORD, "");
        return java.util.Collections.unmodifiableMap(d);
    }

    /**
     * Reads the module's keys.
     *
     * @param configured the configured text of a key, empty when no layer sets it
     * @param dataDir    {@code p2p_data_dir}, where the embedded Derby list lives by default
     * @throws SettingException naming the first key whose value is unusable
     */
    public static BanModuleSettings read(Function<String, Optional<String>> configured, Path dataDir) {
        SettingLookup in = new SettingLookup(configured, DEFAULTS);
        int threshold = in.integer(THRESHOLD, 1, Integer.MAX_VALUE);
        Duration banDuration = in.duration(DURATION);
        Duration defaultDuration = in.duration(DEFAULT_DURATION);
        int maxEntries = in.integer(MAX_ENTRIES, 1, Integer.MAX_VALUE);
        String persist = in.optional(PERSIST_PATH).orElse(dataDir.resolve("banlist").toString());
        String jdbcUrl = persist.startsWith("jdbc:") ? persist : "jdbc:derby:" + persist + ";create=true";
        BanSettings list = new BanSettings(jdbcUrl, in.optional(DB_USER).orElse(null),
                in.optional(DB_PASSWORD).orElse(null), maxEntries, defaultDuration);
        return new BanModuleSettings(list, threshold, banDuration);
    }
}
