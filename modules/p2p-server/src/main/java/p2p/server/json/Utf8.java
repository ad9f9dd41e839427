package p2p.server.json;

/**
 * UTF-8 sequence checks with the acceptance rules of Go's {@code utf8.DecodeRune}: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF. A byte that starts no valid sequence is one invalid unit,
 * which Go's JSON decoder turns into one U+FFFD.
 */
final class Utf8 {
    private Utf8() {
    }

    /** The length of the valid sequence starting at {@code i} (2, 3 or 4; {@code in[i]} is not ASCII), or 0. */
    static int width(byte[] in, int i) {
        int b0 = in[i] & 0xFF;
        int width;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            width = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            width = 3;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            width = 4;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + width > in.length) {
            return 0;
        }
        int b1 = in[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k < width; k++) {
            int b = in[i + k] & 0xFF;
            if (b < 0x80 || b > 0xBF) {
                return 0;
            }
        }
        return width;
    }

    /** The code point of the valid sequence of {@code width} bytes at {@code i}. */
    static int decode(byte[] in, int i, int width) {
        int cp = in[i] & (0xFF >> (width + 1));
        for (int k = 1; k < width; k++) {
            cp = (cp << 6) | (in[i + k] & 0x3F);
        }
        return cp;
    }
}
