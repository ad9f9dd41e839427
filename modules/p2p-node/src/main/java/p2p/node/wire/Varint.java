package p2p.node.wire;

import io.netty.buffer.ByteBuf;

/**
 * Unsigned LEB128 varints as libp2p uses them (multiformats unsigned-varint): at most 9 bytes, minimal encoding.
 * Reading never consumes a partial varint, so decoders can call it again when more bytes arrive.
 */
public final class Varint {
    /** The multiformats spec caps varints at 9 bytes (63 bits). */
    public static final int MAX_BYTES = 9;
    /** Returned by {@link #read} when the buffer holds only part of a varint. */
    public static final long INCOMPLETE = -1;

    private Varint() {
    }

    /**
     * Reads a varint at the reader index. Returns {@link #INCOMPLETE} (reader index untouched) when more bytes are
     * needed; advances the reader index past the varint otherwise.
     *
     * @throws MalformedVarintException when it is longer than 9 bytes or not minimally encoded
     */
    public static long read(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (i >= available) {
                return INCOMPLETE;
            }
            int b = in.getUnsignedByte(start + i);
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new MalformedVarintException("varint is not minimally encoded");
                }
                in.readerIndex(start + i + 1);
                return value;
            }
        }
        throw new MalformedVarintException("varint longer than " + MAX_BYTES + " bytes");
    }

    /** Writes {@code value} (must be non-negative) as a minimal varint. */
    public static void write(ByteBuf out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint value must be non-negative: " + value);
        }
        while ((value & ~0x7fL) != 0) {
            out.writeByte((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    /** Number of bytes {@link #write} uses for {@code value}. */
    public static int size(long value) {
        int n = 1;
        while ((value & ~0x7fL) != 0) {
            n++;
            value >>>= 7;
        }
        return n;
    }

    /** Encodes {@code value} into a fresh array. */
    public static byte[] toBytes(long value) {
        byte[] out = new byte[size(value)];
        int i = 0;
        while ((value & ~0x7fL) != 0) {
            out[i++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out[i] = (byte) value;
        return out;
    }
}
