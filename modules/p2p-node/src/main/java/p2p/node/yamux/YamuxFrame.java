package p2p.node.yamux;

import io.netty.buffer.ByteBuf;

/**
 * One yamux frame: the 12-byte header (version, type, flags, stream id, length) and, for DATA, its payload.
 *
 * <pre>
 * | version: u8 = 0 | type: u8 | flags: u16 BE | stream id: u32 BE | length: u32 BE | payload (DATA only) |
 * </pre>
 *
 * <p>For DATA the length is the payload size; for WINDOW_UPDATE the window delta; for PING an opaque value; for
 * GO_AWAY an error code. Stream id 0 is the session (PING, GO_AWAY). A DATA frame owns one reference to its payload:
 * the encoder releases it, a receiver of a decoded frame must release it.
 *
 * @param type     the frame type
 * @param flags    the {@link YamuxFlags} bits
 * @param streamId the stream id, an unsigned 32-bit value
 * @param length   the length field, an unsigned 32-bit value; equals the payload size for DATA
 * @param data     the payload for DATA, {@code null} for the other types
 */
public record YamuxFrame(YamuxType type, int flags, long streamId, long length, ByteBuf data) {
    /** Size of the fixed header. */
    public static final int HEADER_LENGTH = 12;
    /** The only protocol version. */
    public static final int VERSION = 0;
    /** Largest value of the 32-bit stream id and length fields. */
    public static final long MAX_UINT32 = 0xFFFF_FFFFL;

    public YamuxFrame {
        if (type == null) {
            throw new IllegalArgumentException("yamux frame type is null");
        }
        if (flags < 0 || flags > 0xFFFF) {
            throw new IllegalArgumentException("yamux flags " + flags + " do not fit 16 bits");
        }
        if (streamId < 0 || streamId > MAX_UINT32) {
            throw new IllegalArgumentException("yamux stream id " + streamId + " does not fit 32 bits");
        }
        if (length < 0 || length > MAX_UINT32) {
            throw new IllegalArgumentException("yamux length " + length + " does not fit 32 bits");
        }
        if ((type == YamuxType.DATA) != (data != null)) {
            throw new IllegalArgumentException("yamux " + type + " frame " + (data == null ? "without" : "with")
                    + " a payload");
        }
        if (data != null && data.readableBytes() != length) {
            throw new IllegalArgumentException("yamux DATA length " + length + " differs from its payload of "
                    + data.readableBytes() + " bytes");
        }
    }

    /** A DATA frame carrying {@code payload} (ownership passes to the frame). */
    public static YamuxFrame data(long streamId, int flags, ByteBuf payload) {
        return new YamuxFrame(YamuxType.DATA, flags, streamId, payload.readableBytes(), payload);
    }

    /** A WINDOW_UPDATE frame: {@code delta} more bytes of credit, plus any SYN/ACK/FIN/RST flags. */
    public static YamuxFrame windowUpdate(long streamId, int flags, long delta) {
        return new YamuxFrame(YamuxType.WINDOW_UPDATE, flags, streamId, delta, null);
    }

    /** A PING frame on the session: SYN to ask, ACK to answer with the same {@code opaque} value. */
    public static YamuxFrame ping(int flags, long opaque) {
        return new YamuxFrame(YamuxType.PING, flags, 0, opaque, null);
    }

    /** A GO_AWAY frame with a {@link YamuxGoAwayCode}. */
    public static YamuxFrame goAway(long code) {
        return new YamuxFrame(YamuxType.GO_AWAY, 0, 0, code, null);
    }

    /** Whether the frame carries {@code flag}. */
    public boolean has(int flag) {
        return YamuxFlags.has(flags, flag);
    }

    @Override
    public String toString() {
        return type + "[stream=" + streamId + " flags=" + YamuxFlags.toString(flags) + " length=" + length + "]";
    }
}
