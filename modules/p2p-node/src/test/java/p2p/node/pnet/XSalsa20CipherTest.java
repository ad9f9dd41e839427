package p2p.node.pnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

/**
 * Known answers from other XSalsa20 implementations' published vectors, then equivalence with BouncyCastle's
 * {@link XSalsa20Engine} (the engine this class replaced, kept here only as the reference) over random keys, nonces
 * and chunkings, through every buffer kind.
 */
class XSalsa20CipherTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Chunk sizes around the 64-byte block and the 8-byte word, where carried state is most likely to break. */
    private static final int[] EDGE_CHUNKS = {1, 7, 8, 9, 63, 64, 65, 127, 128, 129};

    @Test
    void helloWorldMatchesGoXCryptoVectors() {
        // golang.org/x/crypto/salsa20 salsa20_test.go, xSalsa20TestData.
        byte[] key = "this is 32-byte key for xsalsa20".getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = "24-byte nonce for xsalsa".getBytes(StandardCharsets.US_ASCII);
        assertEquals("002d4513843fc240c401e541", xorOnce(key, nonce, "Hello world!".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("4848297feb1fb52fb66d81609bd547fabcbe7026edc8b5e5e449d088bfa69c08"
                + "8f5d8da1d791267c2c195a7f8cae9c4b4050d08ce6d3a151ec265f3a58e47648", xorOnce(key, nonce, new byte[64]));
    }

    @Test
    void repeatedLetterKeyMatchesLibsodiumVectors() {
        // libsodium crypto_stream_xsalsa20 with key "kkk..." and nonce "nnn..." (as checked by its language bindings).
        byte[] key = new byte[32];
        byte[] nonce = new byte[24];
        Arrays.fill(key, (byte) 'k');
        Arrays.fill(nonce, (byte) 'n');
        assertEquals("91172bd584998fa76d97a543eccf9eafdde4107708b45dda53ad660ebfc44656"
                + "c8c850d59229d2a15e54fb6a1119be624e1880c0916eb6e08b2557e1d03db9da", xorOnce(key, nonce, new byte[64]));
        assertEquals("f97247b9ebb9fbcf08e5c0", xorOnce(key, nonce, "hello there".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void arraysInAnyChunkingMatchBouncyCastle() {
        Random random = new Random(1);
        for (int round = 0; round < 40; round++) {
            byte[] key = bytes(random, 32);
            byte[] nonce = bytes(random, 24);
            byte[] plain = bytes(random, 1 + random.nextInt(5000));
            byte[] expected = reference(key, nonce, plain);
            XSalsa20Cipher cipher = new XSalsa20Cipher(key, nonce);
            boolean inPlace = round % 2 == 0;
            // Offsets that are not multiples of 8 exercise unaligned long access.
            int srcOffset = random.nextInt(11);
            int dstOffset = inPlace ? srcOffset : random.nextInt(11);
            byte[] src = new byte[srcOffset + plain.length];
            System.arraycopy(plain, 0, src, srcOffset, plain.length);
            byte[] dst = inPlace ? src : new byte[dstOffset + plain.length];
            int done = 0;
            while (done < plain.length) {
                int n = Math.min(plain.length - done, chunk(random));
                cipher.xor(src, srcOffset + done, dst, dstOffset + done, n);
                done += n;
            }
            assertArrayEquals(expected, Arrays.copyOfRange(dst, dstOffset, dstOffset + plain.length), "round " + round);
        }
    }

    @Test
    void everyEdgeChunkSizeRepeatedMatchesBouncyCastle() {
        Random random = new Random(2);
        for (int size : EDGE_CHUNKS) {
            byte[] key = bytes(random, 32);
            byte[] nonce = bytes(random, 24);
            byte[] plain = bytes(random, 3000);
            XSalsa20Cipher cipher = new XSalsa20Cipher(key, nonce);
            byte[] out = new byte[plain.length];
            for (int done = 0; done < plain.length; done += size) {
                cipher.xor(plain, done, out, done, Math.min(size, plain.length - done));
            }
            assertArrayEquals(reference(key, nonce, plain), out, "chunks of " + size);
        }
    }

    @Test
    void buffersOfEveryKindInAnyChunkingMatchBouncyCastle() {
        Random random = new Random(3);
        for (int round = 0; round < 40; round++) {
            byte[] key = bytes(random, 32);
            byte[] nonce = bytes(random, 24);
            byte[] plain = bytes(random, 1 + random.nextInt(5000));
            XSalsa20Cipher cipher = new XSalsa20Cipher(key, nonce);
            ByteBuf src = buffer(random.nextInt(3), plain, random.nextInt(9));
            boolean inPlace = random.nextBoolean();
            int dstStart = inPlace ? src.readerIndex() : random.nextInt(9);
            ByteBuf dst = inPlace ? src : buffer(random.nextInt(3), new byte[plain.length], dstStart);
            int done = 0;
            while (done < plain.length) {
                int n = Math.min(plain.length - done, chunk(random));
                cipher.xor(src, src.readerIndex() + done, dst, dstStart + done, n);
                done += n;
            }
            byte[] out = new byte[plain.length];
            dst.getBytes(dstStart, out);
            assertArrayEquals(reference(key, nonce, plain), out, "round " + round);
            assertEquals(plain.length, src.readableBytes(), "indices never move");
            src.release();
            if (!inPlace) {
                dst.release();
            }
        }
    }

    @Test
    void emptyCallsLeaveTheKeyStreamWhereItWas() {
        byte[] key = bytes(new Random(4), 32);
        byte[] nonce = bytes(new Random(5), 24);
        byte[] plain = bytes(new Random(6), 100);
        XSalsa20Cipher cipher = new XSalsa20Cipher(key, nonce);
        byte[] out = new byte[100];
        cipher.xor(plain, 0, out, 0, 0);
        cipher.xor(plain, 0, out, 0, 30);
        cipher.xor(plain, 30, out, 30, 0);
        cipher.xor(Unpooled.wrappedBuffer(plain), 30, Unpooled.wrappedBuffer(out), 30, 0);
        cipher.xor(plain, 30, out, 30, 70);
        assertArrayEquals(reference(key, nonce, plain), out);
    }

    @Test
    void wrongKeyOrNonceLengthIsRejectedNamingWhich() {
        IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class,
                () -> new XSalsa20Cipher(new byte[16], new byte[24]));
        assertTrue(badKey.getMessage().contains("key") && badKey.getMessage().contains("16"), badKey.getMessage());
        IllegalArgumentException badNonce = assertThrows(IllegalArgumentException.class,
                () -> new XSalsa20Cipher(new byte[32], new byte[8]));
        assertTrue(badNonce.getMessage().contains("nonce") && badNonce.getMessage().contains("8"),
                badNonce.getMessage());
    }

    @Test
    void rejectedCallsConsumeNoKeyStream() {
        byte[] key = bytes(new Random(7), 32);
        byte[] nonce = bytes(new Random(8), 24);
        byte[] plain = bytes(new Random(9), 200);
        XSalsa20Cipher cipher = new XSalsa20Cipher(key, nonce);
        byte[] out = new byte[200];
        cipher.xor(plain, 0, out, 0, 10);
        assertThrows(IndexOutOfBoundsException.class, () -> cipher.xor(plain, 150, out, 0, 100));
        assertThrows(IndexOutOfBoundsException.class, () -> cipher.xor(plain, 0, out, -1, 100));
        assertThrows(IndexOutOfBoundsException.class,
                () -> cipher.xor(Unpooled.wrappedBuffer(plain), 0, Unpooled.buffer(50), 0, 100));
        ByteBuf readOnly = Unpooled.directBuffer(200).writeZero(200).asReadOnly();
        assertThrows(ReadOnlyBufferException.class,
                () -> cipher.xor(Unpooled.wrappedBuffer(plain), 0, readOnly, 0, 100));
        readOnly.release();
        cipher.xor(plain, 10, out, 10, 190);
        assertArrayEquals(reference(key, nonce, plain), out);
    }

    /** A buffer holding {@code content} from reader index {@code start}: 0 heap, 1 direct, 2 composite of pieces. */
    private static ByteBuf buffer(int kind, byte[] content, int start) {
        ByteBuf buf = switch (kind) {
            case 0 -> Unpooled.buffer(start + content.length);
            case 1 -> Unpooled.directBuffer(start + content.length);
            default -> {
                // Components of 13 bytes: longs straddle component boundaries.
                CompositeByteBuf composite = Unpooled.compositeBuffer(Integer.MAX_VALUE);
                for (int left = start + content.length; left > 0; left -= 13) {
                    composite.addComponent(true, Unpooled.directBuffer(13).writeZero(Math.min(13, left)));
                }
                composite.writerIndex(0);
                yield composite;
            }
        };
        buf.writeZero(start).writeBytes(content).readerIndex(start);
        return buf;
    }

    private static int chunk(Random random) {
        return random.nextInt(4) == 0 ? EDGE_CHUNKS[random.nextInt(EDGE_CHUNKS.length)] : random.nextInt(700);
    }

    private static String xorOnce(byte[] key, byte[] nonce, byte[] plain) {
        byte[] out = new byte[plain.length];
        new XSalsa20Cipher(key, nonce).xor(plain, 0, out, 0, plain.length);
        return HEX.formatHex(out);
    }

    static byte[] reference(byte[] key, byte[] nonce, byte[] plain) {
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] out = new byte[plain.length];
        engine.processBytes(plain, 0, plain.length, out, 0);
        return out;
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
