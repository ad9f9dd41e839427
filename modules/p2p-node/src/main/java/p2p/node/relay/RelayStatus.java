package p2p.node.relay;

/**
 * The status codes of circuit relay v2 (libp2p/specs relay/circuit-v2.md, "Status codes"), as the relay answers
 * RESERVE and CONNECT and as a client answers a STOP CONNECT.
 */
public enum RelayStatus {
    /** Not a status: the message carried none, or one this version does not know. */
    UNUSED(0),
    OK(100),
    RESERVATION_REFUSED(200),
    RESOURCE_LIMIT_EXCEEDED(201),
    PERMISSION_DENIED(202),
    CONNECTION_FAILED(203),
    NO_RESERVATION(204),
    MALFORMED_MESSAGE(400),
    UNEXPECTED_MESSAGE(401);

    private final int code;

    RelayStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status of a wire code; {@link #UNUSED} for codes this version does not know. */
    public static RelayStatus of(int code) {
        for (RelayStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNUSED;
    }
}
