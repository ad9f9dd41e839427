package p2p.node.pnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2p.testkit.netty.NoNettyLeaks;

/**
 * Known answers from NaCl (naclcrypto-20090310.pdf; NaCl/libsodium tests stream.c and stream3.c), then every buffer
 * path against BouncyCastle.
 */
@ExtendWith(NoNettyLeaks.class)
class XSalsa20StreamTest {
    private static final int[] CHUNKS = {1, 63, 64, 65, 8, 1000, 16384, 3};
    private static final byte[] FIRST_KEY =
            HexFormat.of().parseHex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
    private static final byte[] NONCE = HexFormat.of().parseHex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    @Test
    void first32BytesOfTheKeyStreamMatchNaclStream3() {
        XSalsa20Stream stream = new XSalsa20Stream(FIRST_KEY, NONCE);
        ByteBuf zeros = ALLOC.heapBuffer(32).writeZero(32);
        ByteBuf out = stream.copyOf(ALLOC, zeros);
        assertEquals("eea6a7251c1e72916d11c2cb214d3c252539121d8e234e652d651fa4c8cff880", ByteBufUtil.hexDump(out));
        zeros.release();
        out.release();
    }

    /**
     * NaCl stream.c: SHA-256 of the first 4 MiB of the key stream. Fed in uneven pieces through every buffer path
     * (heap and direct, copying and in place), so the key stream position must carry across calls.
     */
    @Test
    void fourMebibytesInUnevenPiecesMatchNaclStreamHash() throws Exception {
        XSalsa20Stream stream = new XSalsa20Stream(FIRST_KEY, NONCE);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        int total = 4194304;
        int done = 0;
        int step = 0;
        while (done < total) {
            int length = Math.min(total - done, 1 + (step * 7919) % 70000);
            boolean direct = step % 2 == 0;
            boolean inPlace = (step / 2) % 2 == 0;
            ByteBuf plain = direct ? ALLOC.directBuffer(length) : ALLOC.heapBuffer(length);
            plain.writeZero(length);
            ByteBuf cipher;
            if (inPlace) {
                cipher = stream.inPlace(ALLOC, plain);
                assertSame(plain, cipher);
            } else {
                cipher = stream.copyOf(ALLOC, plain);
                assertEquals(length, plain.readableBytes());
                plain.release();
            }
            sha256.update(cipher.nioBuffer());
            cipher.release();
            done += length;
            step++;
        }
        assertEquals("662b9d0e3463029156069b12f918691a98f7dfb2ca0393c96bbfc6b1fbd630a2",
                HexFormat.of().formatHex(sha256.digest()));
    }

    /**
     * Both directions against BouncyCastle over random chunkings: copies leave the source as it was, in-place calls
     * return the same buffer for heap, direct and composite buffers, and a read-only buffer is copied and released.
     */
    @Test
    void everyBufferPathMatchesBouncyCastleAndRespectsOwnership() {
        Random random = new Random(11);
        for (int round = 0; round < 30; round++) {
            byte[] key = XSalsa20CipherTest.bytes(random, 32);
            byte[] nonce = XSalsa20CipherTest.bytes(random, 24);
            byte[] plain = XSalsa20CipherTest.bytes(random, 1 + random.nextInt(20000));
            XSalsa20Stream stream = new XSalsa20Stream(key, nonce);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int done = 0;
            while (done < plain.length) {
                int n = Math.min(plain.length - done, CHUNKS[random.nextInt(CHUNKS.length)]);
                int kind = random.nextInt(4);
                ByteBuf in = switch (kind) {
                    case 0 -> ALLOC.heapBuffer(n);
                    case 1 -> ALLOC.directBuffer(n);
                    case 2 -> Unpooled.compositeBuffer();
                    default -> ALLOC.directBuffer(n);
                };
                if (in instanceof CompositeByteBuf composite) {
                    int half = n / 2;
                    composite.addComponent(true, Unpooled.copiedBuffer(plain, done, half));
                    composite.addComponent(true, Unpooled.directBuffer(n - half).writeBytes(plain, done + half, n - half));
                } else {
                    in.writeBytes(plain, done, n);
                }
                if (kind == 3) {
                    in = in.asReadOnly();
                }
                ByteBuf result;
                if (random.nextBoolean()) {
                    result = stream.copyOf(ALLOC, in);
                    assertArrayEquals(Arrays.copyOfRange(plain, done, done + n), ByteBufUtil.getBytes(in));
                    in.release();
                } else {
                    result = stream.inPlace(ALLOC, in);
                    if (kind == 3) {
                        assertEquals(0, in.refCnt(), "a read-only buffer is released once copied");
                    } else {
                        assertSame(in, result);
                    }
                }
                assertEquals(n, result.readableBytes());
                out.writeBytes(ByteBufUtil.getBytes(result));
                result.release();
                done += n;
            }
            assertArrayEquals(XSalsa20CipherTest.reference(key, nonce, plain), out.toByteArray(), "round " + round);
        }
    }
}
