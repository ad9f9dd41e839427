package p2p.node.pnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers from NaCl (naclcrypto-20090310.pdf; NaCl/libsodium tests stream.c and stream3.c). */
class XSalsa20StreamTest {
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
                if (!direct) {
                    assertSame(plain, cipher);
                }
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
}
