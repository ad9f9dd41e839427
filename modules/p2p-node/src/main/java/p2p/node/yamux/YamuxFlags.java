package p2p.node.yamux;

/** The flag bits of a yamux header (spec "Flag field"); a frame may carry several. */
public final class YamuxFlags {
    /** Opens a new stream (or, on PING, asks for a reply). */
    public static final int SYN = 0x1;
    /** Acknowledges a new stream (or, on PING, is the reply). */
    public static final int ACK = 0x2;
    /** Half-closes the sender's side of the stream. */
    public static final int FIN = 0x4;
    /** Resets (aborts) the stream at once. */
    public static final int RST = 0x8;

    private YamuxFlags() {
    }

    /** Whether {@code flags} has every bit of {@code flag}. */
    public static boolean has(int flags, int flag) {
        return (flags & flag) == flag;
    }

    /** Human-readable flag list for logs and error messages, e.g. {@code SYN|FIN}. */
    public static String toString(int flags) {
        if (flags == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, flags, SYN, "SYN");
        append(sb, flags, ACK, "ACK");
        append(sb, flags, FIN, "FIN");
        append(sb, flags, RST, "RST");
        int unknown = flags & ~(SYN | ACK | FIN | RST);
        if (unknown != 0) {
            append(sb, unknown, unknown, "0x" + Integer.toHexString(unknown));
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, int flags, int flag, String name) {
        if ((flags & flag) != 0) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}
