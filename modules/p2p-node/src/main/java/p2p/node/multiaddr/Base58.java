package p2p.node.multiaddr;

import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet ("base58btc" in multibase), the text form of libp2p peer ids
 * ({@code 12D3KooW...}, {@code Qm...}) and of the {@code /p2p/} multiaddr component.
 * Leading zero bytes map to leading {@code '1'} characters, so the round trip is exact.
 */
public final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEXES = new int[128];

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEXES[ALPHABET[i]] = i;
        }
    }

    private Base58() {
    }

    /** Encodes {@code input} (may be empty, giving the empty string). */
    public static String encode(byte[] input) {
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        // log(256)/log(58) < 1.37: enough digits for the big-endian base conversion below.
        byte[] digits = new byte[input.length * 137 / 100 + 1];
        int length = 0;
        for (int i = zeros; i < input.length; i++) {
            int carry = input[i] & 0xff;
            int j = 0;
            for (; j < length || carry != 0; j++) {
                carry += (digits[j] & 0xff) * 256;
                digits[j] = (byte) (carry % 58);
                carry /= 58;
            }
            length = j;
        }
        char[] out = new char[zeros + length];
        Arrays.fill(out, 0, zeros, ALPHABET[0]);
        for (int i = 0; i < length; i++) {
            out[zeros + i] = ALPHABET[digits[length - 1 - i]];
        }
        return new String(out);
    }

    /**
     * Decodes base58btc text.
     *
     * @throws IllegalArgumentException naming the input and the offending character when it is not base58
     */
    public static byte[] decode(String input) {
        int zeros = 0;
        while (zeros < input.length() && input.charAt(zeros) == ALPHABET[0]) {
            zeros++;
        }
        // log(58)/log(256) < 0.733
        byte[] bytes = new byte[input.length() * 733 / 1000 + 1];
        int length = 0;
        for (int i = zeros; i < input.length(); i++) {
            char c = input.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException(
                        "invalid base58 character '" + c + "' at index " + i + " in \"" + input + "\"");
            }
            int carry = digit;
            int j = 0;
            for (; j < length || carry != 0; j++) {
                carry += (bytes[j] & 0xff) * 58;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            length = j;
        }
        byte[] out = new byte[zeros + length];
        for (int i = 0; i < length; i++) {
            out[zeros + i] = bytes[length - 1 - i];
        }
        return out;
    }
}
