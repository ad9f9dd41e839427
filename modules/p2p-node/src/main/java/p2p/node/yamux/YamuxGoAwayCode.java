package p2p.node.yamux;

/** Error codes carried in the length field of a GO_AWAY frame (spec "GoAway" section). */
public final class YamuxGoAwayCode {
    /** Normal termination. */
    public static final long NORMAL = 0;
    /** The peer broke the protocol. */
    public static final long PROTOCOL_ERROR = 1;
    /** The sender hit an internal error. */
    public static final long INTERNAL_ERROR = 2;

    private YamuxGoAwayCode() {
    }

    /** The name of a code for logs; unknown codes are shown as numbers. */
    public static String name(long code) {
        return code == NORMAL ? "normal" : code == PROTOCOL_ERROR ? "protocol error"
                : code == INTERNAL_ERROR ? "internal error" : "code " + code;
    }
}
