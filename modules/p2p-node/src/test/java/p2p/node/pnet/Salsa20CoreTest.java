package p2p.node.pnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The Salsa20 core and HSalsa20 against the examples of their specifications and NaCl's core tests. */
class Salsa20CoreTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void salsa20HashOfZeroIsZero() {
        // Salsa20 spec section 8, first example.
        assertArrayEquals(new byte[64], block(new byte[64]));
    }

    @Test
    void salsa20HashMatchesTheSpecExamples() {
        // Salsa20 spec section 8, second and third examples.
        byte[] first = unsigned(211, 159, 13, 115, 76, 55, 82, 183, 3, 117, 222, 37, 191, 187, 234, 136,
                49, 237, 179, 48, 1, 106, 178, 219, 175, 199, 166, 48, 86, 16, 179, 207,
                31, 240, 32, 63, 15, 83, 93, 161, 116, 147, 48, 113, 238, 55, 204, 36,
                79, 201, 235, 79, 3, 81, 156, 47, 203, 26, 244, 243, 88, 118, 104, 54);
        byte[] firstHash = unsigned(109, 42, 178, 168, 156, 240, 248, 238, 168, 196, 190, 203, 26, 110, 170, 154,
                29, 29, 150, 26, 150, 30, 235, 249, 190, 163, 251, 48, 69, 144, 51, 57,
                118, 40, 152, 157, 180, 57, 27, 94, 107, 42, 236, 35, 27, 111, 114, 114,
                219, 236, 232, 135, 111, 155, 110, 18, 24, 232, 95, 158, 179, 19, 48, 202);
        assertArrayEquals(firstHash, block(first));
        byte[] second = unsigned(88, 118, 104, 54, 79, 201, 235, 79, 3, 81, 156, 47, 203, 26, 244, 243,
                191, 187, 234, 136, 211, 159, 13, 115, 76, 55, 82, 183, 3, 117, 222, 37,
                86, 16, 179, 207, 49, 237, 179, 48, 1, 106, 178, 219, 175, 199, 166, 48,
                238, 55, 204, 36, 31, 240, 32, 63, 15, 83, 93, 161, 116, 147, 48, 113);
        byte[] secondHash = unsigned(179, 19, 48, 202, 219, 236, 232, 135, 111, 155, 110, 18, 24, 232, 95, 158,
                26, 110, 170, 154, 109, 42, 178, 168, 156, 240, 248, 238, 168, 196, 190, 203,
                69, 144, 51, 57, 29, 29, 150, 26, 150, 30, 235, 249, 190, 163, 251, 48,
                27, 111, 114, 114, 118, 40, 152, 157, 180, 57, 27, 94, 107, 42, 236, 35);
        assertArrayEquals(secondHash, block(second));
    }

    @Test
    void hsalsa20MatchesNaclCore1AndCore2() {
        // NaCl tests/core1.c: the X25519 shared secret and a zero input give the "firstkey".
        assertEquals("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389",
                hsalsa20("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
                        "00000000000000000000000000000000"));
        // NaCl tests/core2.c: firstkey and the nonce prefix give the "secondkey".
        assertEquals("dc908dda0b9344a953629b733820778880f3ceb421bb61b91cbd4c3e66256ce4",
                hsalsa20("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389",
                        "69696ee955b62b73cd62bda875fc73d6"));
    }

    private static byte[] block(byte[] in) {
        int[] words = new int[16];
        ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(words);
        long[] out = new long[8];
        Salsa20Core.block(words, out);
        ByteBuffer bytes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(out);
        return bytes.array();
    }

    private static String hsalsa20(String keyHex, String inputHex) {
        ByteBuffer key = ByteBuffer.wrap(HEX.parseHex(keyHex)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer input = ByteBuffer.wrap(HEX.parseHex(inputHex)).order(ByteOrder.LITTLE_ENDIAN);
        int[] state = new int[16];
        state[0] = Salsa20Core.SIGMA_0;
        state[5] = Salsa20Core.SIGMA_1;
        state[10] = Salsa20Core.SIGMA_2;
        state[15] = Salsa20Core.SIGMA_3;
        for (int i = 0; i < 4; i++) {
            state[1 + i] = key.getInt(4 * i);
            state[11 + i] = key.getInt(16 + 4 * i);
            state[6 + i] = input.getInt(4 * i);
        }
        int[] words = Salsa20Core.hsalsa20(state);
        ByteBuffer out = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        out.asIntBuffer().put(words);
        return HEX.formatHex(out.array());
    }

    private static byte[] unsigned(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
