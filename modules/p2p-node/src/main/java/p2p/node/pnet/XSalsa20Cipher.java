package p2p.node.pnet;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The XSalsa20 stream cipher (D. J. Bernstein, "Extending the Salsa20 nonce", 2008): HSalsa20 turns the 32-byte key
 * and the first 16 nonce bytes into a subkey, then Salsa20/20 with that subkey, the last 8 nonce bytes and a 64-bit
 * block counter from 0 gives the key stream, which is XORed over the data.
 *
 * <p>Built for throughput: the key stream is produced a 64-byte block at a time as eight longs and XORed eight bytes
 * at a time, instead of byte by byte. A stream cipher: the position in the key stream carries across calls, so
 * any split of the data into calls gives the same output as one call; a block started by one call is finished by
 * the next. The 64-bit counter wraps after 2^70 bytes, far beyond any connection.
 *
 * <p>Not thread-safe: one instance per direction of a connection, owned by its event loop.
 */
public final class XSalsa20Cipher {
    /** Key length. */
    public static final int KEY_BYTES = 32;
    /** Nonce length: 16 bytes for HSalsa20, 8 for Salsa20. */
    public static final int NONCE_BYTES = 24;

    private static final int BLOCK_BYTES = 64;
    private static final int BLOCK_LONGS = BLOCK_BYTES / Long.BYTES;
    /** Little-endian longs at any byte offset of a byte[] (unaligned access is allowed for get and set). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian ints at any byte offset of a byte[]. */
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** The Salsa20 input words: constants, subkey, nonce tail, and the counter of the next block in words 8-9. */
    private final int[] input = new int[16];
    /** The current key stream block as little-endian longs. */
    private final long[] keyStream = new long[BLOCK_LONGS];
    /** Bytes of {@link #keyStream} already used; {@code BLOCK_BYTES} when the next byte needs a new block. */
    private int used = BLOCK_BYTES;

    /**
     * @param key   32 bytes
     * @param nonce 24 bytes
     * @throws IllegalArgumentException if a length is wrong
     */
    public XSalsa20Cipher(byte[] key, byte[] nonce) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("XSalsa20 key: expected " + KEY_BYTES + " bytes, got " + key.length);
        }
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("XSalsa20 nonce: expected " + NONCE_BYTES + " bytes, got " + nonce.length);
        }
        int[] hInput = new int[16];
        setConstants(hInput);
        for (int i = 0; i < 4; i++) {
            hInput[1 + i] = word(key, 4 * i);
            hInput[11 + i] = word(key, 16 + 4 * i);
            hInput[6 + i] = word(nonce, 4 * i);
        }
        int[] subkey = Salsa20Core.hsalsa20(hInput);
        setConstants(input);
        System.arraycopy(subkey, 0, input, 1, 4);
        System.arraycopy(subkey, 4, input, 11, 4);
        input[6] = word(nonce, 16);
        input[7] = word(nonce, 20);
        // input[8] and input[9] are the block counter, low word first, from 0.
        Arrays.fill(hInput, 0);
        Arrays.fill(subkey, 0);
    }

    /**
     * XORs {@code length} bytes of {@code src} from {@code srcOffset} with the next key stream bytes into {@code dst}
     * from {@code dstOffset}. In place when both ranges are the same; otherwise they must not overlap.
     *
     * @throws IndexOutOfBoundsException if a range is outside its array (nothing is consumed then)
     */
    public void xor(byte[] src, int srcOffset, byte[] dst, int dstOffset, int length) {
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        int done = finishBlock(src, srcOffset, dst, dstOffset, length);
        long[] ks = keyStream;
        while (length - done >= BLOCK_BYTES) {
            nextBlock();
            int s = srcOffset + done;
            int d = dstOffset + done;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                LONGS.set(dst, d + i * Long.BYTES, (long) LONGS.get(src, s + i * Long.BYTES) ^ ks[i]);
            }
            done += BLOCK_BYTES;
        }
        if (done < length) {
            nextBlock();
            used = 0;
            finishBlock(src, srcOffset + done, dst, dstOffset + done, length - done);
        }
    }

    /**
     * {@link #xor(byte[], int, byte[], int, int)} on buffers at absolute indices; neither buffer's reader or writer
     * index moves. Works straight on the backing arrays when both buffers have one, else through the buffers' own
     * little-endian long accessors (direct and composite buffers). In place when both ranges are the same.
     *
     * @throws IndexOutOfBoundsException if a range is outside its buffer's capacity (nothing is consumed then)
     * @throws ReadOnlyBufferException    if {@code dst} is read-only (nothing is consumed then)
     */
    // Package-private: a public signature with ByteBuf would need the module to re-export Netty (requires transitive).
    void xor(ByteBuf src, int srcIndex, ByteBuf dst, int dstIndex, int length) {
        Objects.checkFromIndexSize(srcIndex, length, src.capacity());
        Objects.checkFromIndexSize(dstIndex, length, dst.capacity());
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (src.hasArray() && dst.hasArray()) {
            xor(src.array(), src.arrayOffset() + srcIndex, dst.array(), dst.arrayOffset() + dstIndex, length);
            return;
        }
        int done = finishBlock(src, srcIndex, dst, dstIndex, length);
        long[] ks = keyStream;
        while (length - done >= BLOCK_BYTES) {
            nextBlock();
            int s = srcIndex + done;
            int d = dstIndex + done;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                dst.setLongLE(d + i * Long.BYTES, src.getLongLE(s + i * Long.BYTES) ^ ks[i]);
            }
            done += BLOCK_BYTES;
        }
        if (done < length) {
            nextBlock();
            used = 0;
            finishBlock(src, srcIndex + done, dst, dstIndex + done, length - done);
        }
    }

    /** XORs up to {@code length} bytes with what is left of the current block, one byte at a time; returns the count. */
    private int finishBlock(byte[] src, int srcOffset, byte[] dst, int dstOffset, int length) {
        int n = Math.min(BLOCK_BYTES - used, length);
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = (byte) (src[srcOffset + i] ^ keyStreamByte(used + i));
        }
        used += n;
        return n;
    }

    private int finishBlock(ByteBuf src, int srcIndex, ByteBuf dst, int dstIndex, int length) {
        int n = Math.min(BLOCK_BYTES - used, length);
        for (int i = 0; i < n; i++) {
            dst.setByte(dstIndex + i, src.getByte(srcIndex + i) ^ keyStreamByte(used + i));
        }
        used += n;
        return n;
    }

    private byte keyStreamByte(int position) {
        return (byte) (keyStream[position >>> 3] >>> ((position & 7) << 3));
    }

    /** Computes the block at the counter into {@link #keyStream} and advances the counter. */
    private void nextBlock() {
        Salsa20Core.block(input, keyStream);
        if (++input[8] == 0) {
            input[9]++;
        }
    }

    private static void setConstants(int[] state) {
        state[0] = Salsa20Core.SIGMA_0;
        state[5] = Salsa20Core.SIGMA_1;
        state[10] = Salsa20Core.SIGMA_2;
        state[15] = Salsa20Core.SIGMA_3;
    }

    private static int word(byte[] bytes, int offset) {
        return (int) INTS.get(bytes, offset);
    }
}
