package p2p.ban;

/** Why a peer's ban score grows, with Teranode's points and wire names (spec section 5). */
public enum BanReason {
    UNKNOWN("unknown", 1),
    INVALID_SUBTREE("invalid_subtree", 10),
    PROTOCOL_VIOLATION("protocol_violation", 20),
    SPAM("spam", 50),
    INVALID_BLOCK("invalid_block", 10);

    private final String wireName;
    private final int points;

    BanReason(String wireName, int points) {
        this.wireName = wireName;
        this.points = points;
    }

    /** The name used in gRPC AddBanScore and logs, e.g. {@code invalid_block}. */
    public String wireName() {
        return wireName;
    }

    public int points() {
        return points;
    }

    /**
     * The reason for a wire name as Teranode's AddBanScore reads it: an unknown name is {@link #UNKNOWN} (1 point).
     */
    public static BanReason fromWireNameOrUnknown(String name) {
        for (BanReason reason : values()) {
            if (reason.wireName.equals(name)) {
                return reason;
            }
        }
        return UNKNOWN;
    }

    /** Parses a wire name; unknown names throw IllegalArgumentException naming the input. */
    public static BanReason fromWireName(String name) {
        for (BanReason reason : values()) {
            if (reason.wireName.equals(name)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown ban reason '" + name + "'");
    }
}
