package p2p.server.gen2026;

import java.util.Locale;

/**
 * {@code listen_mode} (spec teranode-2026 1.3): what this node tells the network. {@link #FULL} publishes
 * everything; {@link #LISTEN_ONLY} publishes no block, subtree or rejected-tx messages and an empty
 * {@code base_url} in its node_status; {@link #SILENT} publishes nothing, node_status included.
 */
public enum ListenMode {
    FULL("full"), LISTEN_ONLY("listen_only"), SILENT("silent");

    private final String setting;

    ListenMode(String setting) {
        this.setting = setting;
    }

    /** The value as the setting and node_status's {@code listen_mode} spell it. */
    public String setting() {
        return setting;
    }

    /** Block, subtree and rejected-tx announcements go out. */
    public boolean announces() {
        return this == FULL;
    }

    /** node_status goes out. */
    public boolean publishesStatus() {
        return this != SILENT;
    }

    /** Parses the setting; an unknown value names {@code listen_mode} and the values allowed. */
    public static ListenMode parse(String value) {
        for (ListenMode mode : values()) {
            if (mode.setting.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("listen_mode must be full, listen_only or silent, got '" + value + "'");
    }
}
