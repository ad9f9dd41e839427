package p2p.node.noise;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Poly1305 one-time authenticator (RFC 8439 section 2.5) on five 26-bit limbs held in longs, so each 16-byte
 * block costs 25 multiplications and a carry chain, with no allocation. Written because the JDK's Poly1305 (generic
 * {@code IntegerPolynomial} arithmetic, intrinsified only on CPUs with AVX-512 or AVX-IFMA) was the largest single
 * cost of a Noise transport message on other x86 machines.
 *
 * <p>Use: {@link #init(byte[])} with the 32-byte one-time key (r, then s), {@link #update(ByteBuffer)} any number of
 * times, {@link #padToBlock()} where RFC 8439's AEAD construction pads with zeros, then {@link #finish(byte[])}.
 * Not thread-safe; reusable after {@code init}.
 */
final class Poly1305 {
    static final int KEY_LENGTH = 32;
    static final int TAG_LENGTH = 16;

    private static final int BLOCK = 16;
    private static final long MASK26 = 0x3ffffff;
    private static final long MASK32 = 0xffffffffL;
    /** 2^128 in the top limb (bit 128 - 104): added to every full block (RFC 8439 section 2.5.1, the 0x01 byte). */
    private static final long HIBIT = 1L << 24;

    private long r0;
    private long r1;
    private long r2;
    private long r3;
    private long r4;
    private long pad0;
    private long pad1;
    private long pad2;
    private long pad3;
    private long h0;
    private long h1;
    private long h2;
    private long h3;
    private long h4;
    /** Bytes of a block not yet complete. */
    private final ByteBuffer partial = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);

    /** Starts a new MAC with the 32-byte one-time key (r clamped as section 2.5.1 requires, then s). */
    void init(byte[] key) {
        ByteBuffer k = ByteBuffer.wrap(key, 0, KEY_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        long t0 = k.getInt(0) & MASK32;
        long t1 = k.getInt(4) & MASK32;
        long t2 = k.getInt(8) & MASK32;
        long t3 = k.getInt(12) & MASK32;
        // The limbs of r with the clamp (r &= 0x0ffffffc0ffffffc0ffffffc0fffffff) folded into the masks.
        r0 = t0 & 0x3ffffff;
        r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
        r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
        r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
        r4 = (t3 >>> 8) & 0x00fffff;
        pad0 = k.getInt(16) & MASK32;
        pad1 = k.getInt(20) & MASK32;
        pad2 = k.getInt(24) & MASK32;
        pad3 = k.getInt(28) & MASK32;
        h0 = 0;
        h1 = 0;
        h2 = 0;
        h3 = 0;
        h4 = 0;
        partial.clear();
    }

    /** Adds the remaining bytes of {@code data} to the message; {@code data}'s position does not move. */
    void update(ByteBuffer data) {
        ByteBuffer in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (partial.position() > 0) {
            while (partial.hasRemaining() && in.hasRemaining()) {
                partial.put(in.get());
            }
            if (partial.hasRemaining()) {
                return;
            }
            block(partial.getLong(0), partial.getLong(8), HIBIT);
            partial.clear();
        }
        int p = in.position();
        int end = in.limit();
        while (end - p >= BLOCK) {
            block(in.getLong(p), in.getLong(p + 8), HIBIT);
            p += BLOCK;
        }
        in.position(p);
        partial.put(in);
    }

    /** Zero-fills a started block to 16 bytes and adds it (RFC 8439 section 2.8's pad16); nothing when aligned. */
    void padToBlock() {
        if (partial.position() == 0) {
            return;
        }
        while (partial.hasRemaining()) {
            partial.put((byte) 0);
        }
        block(partial.getLong(0), partial.getLong(8), HIBIT);
        partial.clear();
    }

    /** Adds the 16-byte block of two little-endian 64-bit numbers (the AEAD's length block). */
    void updateLengths(long first, long second) {
        if (partial.position() != 0) {
            throw new IllegalStateException("Poly1305 length block must start on a block boundary");
        }
        block(first, second, HIBIT);
    }

    /** Writes the 16-byte tag into {@code tag}; the state must be re-initialised before the next use. */
    void finish(byte[] tag) {
        if (partial.position() > 0) {
            // The last, short block: its bytes, then 0x01, then zeros, and no 2^128 (section 2.5.1).
            partial.put((byte) 1);
            while (partial.hasRemaining()) {
                partial.put((byte) 0);
            }
            block(partial.getLong(0), partial.getLong(8), 0);
            partial.clear();
        }
        // Full carry, then h mod p: compute h + 5 - 2^130 and keep it when that does not go negative.
        long c = h1 >>> 26;
        h1 &= MASK26;
        h2 += c;
        c = h2 >>> 26;
        h2 &= MASK26;
        h3 += c;
        c = h3 >>> 26;
        h3 &= MASK26;
        h4 += c;
        c = h4 >>> 26;
        h4 &= MASK26;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= MASK26;
        h1 += c;

        long g0 = h0 + 5;
        c = g0 >>> 26;
        g0 &= MASK26;
        long g1 = h1 + c;
        c = g1 >>> 26;
        g1 &= MASK26;
        long g2 = h2 + c;
        c = g2 >>> 26;
        g2 &= MASK26;
        long g3 = h3 + c;
        c = g3 >>> 26;
        g3 &= MASK26;
        long g4 = h4 + c - (1L << 26);
        long useG = (g4 >>> 63) - 1; // all ones when g4 >= 0 (h >= p), else 0; no branch on secret data
        long useH = ~useG;
        h0 = (h0 & useH) | (g0 & useG);
        h1 = (h1 & useH) | (g1 & useG);
        h2 = (h2 & useH) | (g2 & useG);
        h3 = (h3 & useH) | (g3 & useG);
        h4 = (h4 & useH) | (g4 & useG);

        // h mod 2^128 as four 32-bit words, plus s.
        long w0 = (h0 | (h1 << 26)) & MASK32;
        long w1 = ((h1 >>> 6) | (h2 << 20)) & MASK32;
        long w2 = ((h2 >>> 12) | (h3 << 14)) & MASK32;
        long w3 = ((h3 >>> 18) | (h4 << 8)) & MASK32;
        long f = w0 + pad0;
        putWord(tag, 0, f);
        f = w1 + pad1 + (f >>> 32);
        putWord(tag, 4, f);
        f = w2 + pad2 + (f >>> 32);
        putWord(tag, 8, f);
        f = w3 + pad3 + (f >>> 32);
        putWord(tag, 12, f);
    }

    /** h = (h + block) * r mod 2^130 - 5, for the block's 128 bits as two little-endian longs plus {@code hibit}. */
    private void block(long lo, long hi, long hibit) {
        long s1 = r1 * 5;
        long s2 = r2 * 5;
        long s3 = r3 * 5;
        long s4 = r4 * 5;
        long a0 = h0 + (lo & MASK26);
        long a1 = h1 + ((lo >>> 26) & MASK26);
        long a2 = h2 + (((lo >>> 52) | (hi << 12)) & MASK26);
        long a3 = h3 + ((hi >>> 14) & MASK26);
        long a4 = h4 + ((hi >>> 40) | hibit);
        // Limbs below 2^27 times multipliers below 2^29: each sum of five products stays below 2^59.
        long d0 = a0 * r0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
        long d1 = a0 * r1 + a1 * r0 + a2 * s4 + a3 * s3 + a4 * s2;
        long d2 = a0 * r2 + a1 * r1 + a2 * r0 + a3 * s4 + a4 * s3;
        long d3 = a0 * r3 + a1 * r2 + a2 * r1 + a3 * r0 + a4 * s4;
        long d4 = a0 * r4 + a1 * r3 + a2 * r2 + a3 * r1 + a4 * r0;
        long c = d0 >>> 26;
        h0 = d0 & MASK26;
        d1 += c;
        c = d1 >>> 26;
        h1 = d1 & MASK26;
        d2 += c;
        c = d2 >>> 26;
        h2 = d2 & MASK26;
        d3 += c;
        c = d3 >>> 26;
        h3 = d3 & MASK26;
        d4 += c;
        c = d4 >>> 26;
        h4 = d4 & MASK26;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= MASK26;
        h1 += c;
    }

    private static void putWord(byte[] out, int offset, long word) {
        out[offset] = (byte) word;
        out[offset + 1] = (byte) (word >>> 8);
        out[offset + 2] = (byte) (word >>> 16);
        out[offset + 3] = (byte) (word >>> 24);
    }
}
