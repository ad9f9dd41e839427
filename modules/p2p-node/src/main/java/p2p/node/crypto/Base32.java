package p2p.node.crypto;

/** RFC 4648 base32 without padding, the multibase {@code b} (lower case) and {@code B} (upper case) encodings. */
public final class Base32 {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private Base32() {
    }

    /** Lower-case, unpadded. */
    public static String encode(byte[] input) {
        StringBuilder out = new StringBuilder((input.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : input) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /**
     * Decodes unpadded base32 in either case.
     *
     * @throws KeyFormatException on a character outside the alphabet or non-zero trailing bits
     */
    public static byte[] decode(String input) {
        byte[] out = new byte[input.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < input.length(); i++) {
            int value = ALPHABET.indexOf(Character.toLowerCase(input.charAt(i)));
            if (value < 0) {
                throw new KeyFormatException("invalid base32 character '" + input.charAt(i) + "' at position " + i);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new KeyFormatException("base32 text has a malformed tail");
        }
        return out;
    }
}
