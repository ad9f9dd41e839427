package p2p.node.crypto;

import java.util.Arrays;

/** Base58btc (the Bitcoin alphabet), used for the legacy text form of peer ids and multihashes. */
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

    public static String encode(byte[] input) {
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        byte[] digits = new byte[input.length * 138 / 100 + 1]; // log(256)/log(58) < 1.38
        int length = 0;
        for (int i = zeros; i < input.length; i++) {
            int carry = input[i] & 0xff;
            int j = 0;
            for (; j < length || carry != 0; j++) {
                carry += 256 * (digits[j] & 0xff);
                digits[j] = (byte) (carry % 58);
                carry /= 58;
            }
            length = j;
        }
        StringBuilder out = new StringBuilder(zeros + length);
        out.append("1".repeat(zeros));
        for (int i = length - 1; i >= 0; i--) {
            out.append(ALPHABET[digits[i]]);
        }
        return out.toString();
    }

    /** @throws KeyFormatException on a character outside the alphabet */
    public static byte[] decode(String input) {
        int zeros = 0;
        while (zeros < input.length() && input.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] bytes = new byte[input.length() * 733 / 1000 + 1]; // log(58)/log(256) < 0.733
        int length = 0;
        for (int i = zeros; i < input.length(); i++) {
            char c = input.charAt(i);
            int value = c < 128 ? INDEXES[c] : -1;
            if (value < 0) {
                throw new KeyFormatException("invalid base58 character '" + c + "' at position " + i);
            }
            int carry = value;
            int j = 0;
            for (; j < length || carry != 0; j++) {
                carry += 58 * (bytes[j] & 0xff);
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
