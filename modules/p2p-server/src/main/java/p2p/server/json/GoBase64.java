package p2p.server.json;

import java.io.ByteArrayOutputStream;
import p2p.server.message.MalformedMessageException;

/**
 * Go's {@code base64.StdEncoding}, the form {@code encoding/json} gives a {@code []byte} field (spec teranode-2026
 * 1.1: the envelope's {@code data}). Decoding is Go's, not the JDK's: padding is required (the JDK's basic decoder
 * also takes unpadded input, Go refuses it), carriage returns and line feeds anywhere are skipped (Go's decoder
 * ignores them), and unused bits of the last character need not be zero (Go's encoding is not {@code Strict}).
 * Encoding is standard base64 with padding, which the JDK's basic encoder writes byte for byte.
 */
public final class GoBase64 {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int[] VALUE = new int[128];

    static {
        java.util.Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUE[ALPHABET.charAt(i)] = i;
        }
    }

    private GoBase64() {
    }

    /** Standard base64 with padding. */
    public static String encode(byte[] data) {
        return java.util.Base64.getEncoder().encodeToString(data);
    }

    /** Decodes as Go's {@code StdEncoding.Decode}; {@code field} names the input in the error. */
    public static byte[] decode(String text, String field) throws MalformedMessageException {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\r' && c != '\n') {
                clean.append(c);
            }
        }
        if (clean.length() % 4 != 0) {
            throw corrupt(field, clean.length() - clean.length() % 4);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(clean.length() / 4 * 3);
        for (int q = 0; q < clean.length(); q += 4) {
            boolean last = q + 4 == clean.length();
            int[] v = new int[4];
            int padding = 0;
            for (int j = 0; j < 4; j++) {
                char c = clean.charAt(q + j);
                if (c == '=' && last && j >= 2) {
                    // "xx==" or "xxx=": a '=' in the third place must be followed by another.
                    if (j == 2 && clean.charAt(q + 3) != '=') {
                        throw corrupt(field, q + 3);
                    }
                    padding = 4 - j;
                    break;
                }
                if (c >= 128 || VALUE[c] < 0) {
                    throw corrupt(field, q + j);
                }
                v[j] = VALUE[c];
            }
            int bits = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3];
            out.write(bits >> 16);
            if (padding < 2) {
                out.write(bits >> 8);
            }
            if (padding < 1) {
                out.write(bits);
            }
        }
        return out.toByteArray();
    }

    private static MalformedMessageException corrupt(String field, int offset) {
        return new MalformedMessageException(field + ": illegal base64 data at input byte " + offset);
    }
}
