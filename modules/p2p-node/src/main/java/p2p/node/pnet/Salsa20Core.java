package p2p.node.pnet;

/**
 * The Salsa20/20 core on 32-bit words (D. J. Bernstein, "Salsa20 specification", 2005) and its HSalsa20 variant
 * (Bernstein, "Extending the Salsa20 nonce", 2008, section 2), written out on local variables so that the JIT keeps
 * the sixteen state words in registers.
 *
 * <p>State layout for a 256-bit key (spec section 9): words 0, 5, 10 and 15 hold the constant "expand 32-byte k",
 * words 1-4 and 11-14 the key, words 6-9 the 16-byte input (nonce and block counter for Salsa20, the first 16 nonce
 * bytes for HSalsa20). All words are little-endian.
 */
final class Salsa20Core {
    /** "expa", "nd 3", "2-by", "te k" as little-endian words (spec section 9, sigma). */
    static final int SIGMA_0 = 0x61707865;
    static final int SIGMA_1 = 0x3320646e;
    static final int SIGMA_2 = 0x79622d32;
    static final int SIGMA_3 = 0x6b206574;

    /** Salsa20/20: ten double rounds. */
    private static final int DOUBLE_ROUNDS = 10;

    private Salsa20Core() {
    }

    /**
     * One 64-byte Salsa20/20 block for the 16-word {@code input}: the rounds, then the input added word by word
     * (spec section 8). Written as eight little-endian longs (bytes 8i..8i+7 of the block in {@code out[i]}), the
     * unit the cipher XORs with.
     */
    static void block(int[] input, long[] out) {
        int x0 = input[0];
        int x1 = input[1];
        int x2 = input[2];
        int x3 = input[3];
        int x4 = input[4];
        int x5 = input[5];
        int x6 = input[6];
        int x7 = input[7];
        int x8 = input[8];
        int x9 = input[9];
        int x10 = input[10];
        int x11 = input[11];
        int x12 = input[12];
        int x13 = input[13];
        int x14 = input[14];
        int x15 = input[15];
        for (int i = 0; i < DOUBLE_ROUNDS; i++) {
            // Column round: quarterrounds on (0,4,8,12), (5,9,13,1), (10,14,2,6), (15,3,7,11).
            x4 ^= Integer.rotateLeft(x0 + x12, 7);
            x8 ^= Integer.rotateLeft(x4 + x0, 9);
            x12 ^= Integer.rotateLeft(x8 + x4, 13);
            x0 ^= Integer.rotateLeft(x12 + x8, 18);
            x9 ^= Integer.rotateLeft(x5 + x1, 7);
            x13 ^= Integer.rotateLeft(x9 + x5, 9);
            x1 ^= Integer.rotateLeft(x13 + x9, 13);
            x5 ^= Integer.rotateLeft(x1 + x13, 18);
            x14 ^= Integer.rotateLeft(x10 + x6, 7);
            x2 ^= Integer.rotateLeft(x14 + x10, 9);
            x6 ^= Integer.rotateLeft(x2 + x14, 13);
            x10 ^= Integer.rotateLeft(x6 + x2, 18);
            x3 ^= Integer.rotateLeft(x15 + x11, 7);
            x7 ^= Integer.rotateLeft(x3 + x15, 9);
            x11 ^= Integer.rotateLeft(x7 + x3, 13);
            x15 ^= Integer.rotateLeft(x11 + x7, 18);
            // Row round: quarterrounds on (0,1,2,3), (5,6,7,4), (10,11,8,9), (15,12,13,14).
            x1 ^= Integer.rotateLeft(x0 + x3, 7);
            x2 ^= Integer.rotateLeft(x1 + x0, 9);
            x3 ^= Integer.rotateLeft(x2 + x1, 13);
            x0 ^= Integer.rotateLeft(x3 + x2, 18);
            x6 ^= Integer.rotateLeft(x5 + x4, 7);
            x7 ^= Integer.rotateLeft(x6 + x5, 9);
            x4 ^= Integer.rotateLeft(x7 + x6, 13);
            x5 ^= Integer.rotateLeft(x4 + x7, 18);
            x11 ^= Integer.rotateLeft(x10 + x9, 7);
            x8 ^= Integer.rotateLeft(x11 + x10, 9);
            x9 ^= Integer.rotateLeft(x8 + x11, 13);
            x10 ^= Integer.rotateLeft(x9 + x8, 18);
            x12 ^= Integer.rotateLeft(x15 + x14, 7);
            x13 ^= Integer.rotateLeft(x12 + x15, 9);
            x14 ^= Integer.rotateLeft(x13 + x12, 13);
            x15 ^= Integer.rotateLeft(x14 + x13, 18);
        }
        out[0] = pair(x0 + input[0], x1 + input[1]);
        out[1] = pair(x2 + input[2], x3 + input[3]);
        out[2] = pair(x4 + input[4], x5 + input[5]);
        out[3] = pair(x6 + input[6], x7 + input[7]);
        out[4] = pair(x8 + input[8], x9 + input[9]);
        out[5] = pair(x10 + input[10], x11 + input[11]);
        out[6] = pair(x12 + input[12], x13 + input[13]);
        out[7] = pair(x14 + input[14], x15 + input[15]);
    }

    /**
     * HSalsa20 (nonce-extension paper, section 2): the Salsa20/20 rounds over the 16-word {@code input} without the
     * final addition, keeping words 0, 5, 10, 15, 6, 7, 8, 9 in that order as the eight words of the derived key.
     */
    static int[] hsalsa20(int[] input) {
        int[] x = input.clone();
        for (int i = 0; i < DOUBLE_ROUNDS; i++) {
            quarterRound(x, 0, 4, 8, 12);
            quarterRound(x, 5, 9, 13, 1);
            quarterRound(x, 10, 14, 2, 6);
            quarterRound(x, 15, 3, 7, 11);
            quarterRound(x, 0, 1, 2, 3);
            quarterRound(x, 5, 6, 7, 4);
            quarterRound(x, 10, 11, 8, 9);
            quarterRound(x, 15, 12, 13, 14);
        }
        return new int[] {x[0], x[5], x[10], x[15], x[6], x[7], x[8], x[9]};
    }

    /** The spec's quarterround(y0, y1, y2, y3) on the words at indices a, b, c, d (run once per connection). */
    private static void quarterRound(int[] x, int a, int b, int c, int d) {
        x[b] ^= Integer.rotateLeft(x[a] + x[d], 7);
        x[c] ^= Integer.rotateLeft(x[b] + x[a], 9);
        x[d] ^= Integer.rotateLeft(x[c] + x[b], 13);
        x[a] ^= Integer.rotateLeft(x[d] + x[c], 18);
    }

    /** Two words as the little-endian long whose low half is {@code low}. */
    private static long pair(int low, int high) {
        return (low & 0xffffffffL) | ((long) high << 32);
    }
}
