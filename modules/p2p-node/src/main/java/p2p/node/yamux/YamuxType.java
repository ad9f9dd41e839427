package p2p.node.yamux;

/** The four yamux frame types (spec "Type field"), with their wire codes. */
public enum YamuxType {
    /** Stream data; the length field counts the payload bytes that follow the header. */
    DATA(0),
    /** Stream window credit; the length field is the delta. Also carries SYN/ACK/FIN/RST without data. */
    WINDOW_UPDATE(1),
    /** Session keepalive / RTT probe on stream 0; the length field is an opaque value echoed in the ACK. */
    PING(2),
    /** Session termination on stream 0; the length field is an error code. */
    GO_AWAY(3);

    private static final YamuxType[] BY_CODE = values();

    private final int code;

    YamuxType(int code) {
        this.code = code;
    }

    /** The type byte on the wire. */
    public int code() {
        return code;
    }

    /** The type for a wire byte, or {@code null} when the byte names no yamux type. */
    public static YamuxType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
