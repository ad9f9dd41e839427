package p2p.chain;

import java.math.BigInteger;

/**
 * The proof of work one block header stands for, as Bitcoin counts chain work: 2^256 / (target + 1), the target
 * decoded from the header's compact {@code bits} (bytes 72..75, little endian). Written as 32 bytes big endian, the
 * form the blockchain service's {@code chain_work} and Teranode's node_status hex ({@code hex.EncodeToString}) use.
 * The embedded chain has only the genesis block, whose chain work is its own work.
 */
public final class ChainWork {
    /** Bytes of a chain work value. */
    public static final int SIZE = 32;
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    private ChainWork() {
    }

    /** The work of one 80-byte header; zero for a header whose bits decode to a zero or negative target. */
    public static byte[] ofHeader(byte[] header) {
        if (header.length != 80) {
            throw new IllegalArgumentException("a block header has 80 bytes, got " + header.length);
        }
        long bits = (header[72] & 0xffL) | (header[73] & 0xffL) << 8 | (header[74] & 0xffL) << 16
                | (header[75] & 0xffL) << 24;
        int exponent = (int) (bits >>> 24);
        long mantissa = bits & 0x007fffffL;
        boolean negative = (bits & 0x00800000L) != 0;
        BigInteger target = exponent <= 3
                ? BigInteger.valueOf(mantissa >>> (8 * (3 - exponent)))
                : BigInteger.valueOf(mantissa).shiftLeft(8 * (exponent - 3));
        if (negative || target.signum() == 0) {
            return new byte[SIZE];
        }
        return toBytes(TWO_256.divide(target.add(BigInteger.ONE)));
    }

    /** {@code work} as {@link #SIZE} bytes big endian (the low 32 bytes of a larger value cannot occur here). */
    static byte[] toBytes(BigInteger work) {
        byte[] raw = work.toByteArray();
        byte[] out = new byte[SIZE];
        int length = Math.min(raw.length, SIZE);
        System.arraycopy(raw, raw.length - length, out, SIZE - length, length);
        return out;
    }
}
