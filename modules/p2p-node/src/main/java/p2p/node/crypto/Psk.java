package p2p.node.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The 256-bit pre-shared key of a libp2p private network (libp2p/specs pnet/Private-Networks-PSK-V1.md). The key
 * is used as is as the XSalsa20 key; it never appears in messages or {@link #toString()} (use {@link
 * #fingerprint()} to compare keys across nodes in logs).
 */
public final class Psk {
    /** Key length fixed by the spec. */
    public static final int KEY_BYTES = 32;
    /** First line of the v1 text format (a path multicodec). */
    public static final String V1_HEADER = "/key/swarm/psk/1.0.0/";

    private final byte[] key;

    private Psk(byte[] key) {
        this.key = key;
    }

    /**
     * Parses the v1 key file: {@code /key/swarm/psk/1.0.0/}, a newline, the encoding ({@code /base16/},
     * {@code /base64/} or {@code /bin/}), a newline, then the 32-byte key in that encoding. Line ends may be
     * {@code \r\n}; after an encoded key only whitespace may follow.
     *
     * @throws IllegalArgumentException naming the part at fault (never quoting the key)
     */
    public static Psk parse(byte[] file) {
        int firstEnd = lineEnd(file, 0);
        String header = line(file, 0, firstEnd);
        if (!header.equals(V1_HEADER)) {
            // The line is not quoted: a file missing its header would start with the key.
            throw new IllegalArgumentException("pnet key: first line must be " + V1_HEADER);
        }
        int secondStart = firstEnd + 1;
        int secondEnd = lineEnd(file, secondStart);
        String encoding = line(file, secondStart, secondEnd);
        int bodyStart = secondEnd + 1;
        if (bodyStart > file.length) {
            throw new IllegalArgumentException("pnet key: missing newline after the encoding line " + shown(encoding));
        }
        return switch (encoding) {
            case "/base16/" -> new Psk(decodeHex(textBody(file, bodyStart), "pnet key: the /base16/ key"));
            case "/base64/" -> new Psk(decodeBase64(textBody(file, bodyStart)));
            case "/bin/" -> {
                if (file.length - bodyStart < KEY_BYTES) {
                    throw new IllegalArgumentException("pnet key: /bin/ key has " + (file.length - bodyStart)
                            + " bytes, needs " + KEY_BYTES);
                }
                byte[] key = new byte[KEY_BYTES];
                System.arraycopy(file, bodyStart, key, 0, KEY_BYTES);
                yield new Psk(key);
            }
            default -> throw new IllegalArgumentException(
                    "pnet key: unknown encoding " + shown(encoding) + " (expected /base16/, /base64/ or /bin/)");
        };
    }

    /** {@link #parse(byte[])} of the UTF-8 bytes of {@code text}. */
    public static Psk parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key from Teranode's {@code p2p_shared_key}: 64 hex characters. Teranode (github.com/bsv-blockchain/go-p2p,
     * {@code setUpPrivateNetwork} in node.go) builds the v1 text {@code "/key/swarm/psk/1.0.0/\n/base16/\n" +
     * p2p_shared_key} and decodes it with go-libp2p's {@code pnet.DecodeV1PSK}, which hex-decodes the first 32 bytes
     * and uses them directly as the XSalsa20 key (no hashing). This is the same key; unlike Go, anything but exactly
     * 64 hex characters is rejected instead of being cut or padded.
     *
     * @throws IllegalArgumentException naming the setting and what is wrong (never quoting the key)
     */
    public static Psk fromHex(String hex) {
        return new Psk(decodeHex(hex, "p2p_shared_key"));
    }

    /** A copy of the 32 key bytes. */
    public byte[] key() {
        return key.clone();
    }

    /** First 8 hex characters of SHA-256(key): tells keys apart in logs without revealing them. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Psk other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return fingerprint().hashCode();
    }

    @Override
    public String toString() {
        return "Psk[sha256:" + fingerprint() + "]";
    }

    /** Quotes an encoding line only when it looks like one, so a misplaced key is never echoed. */
    private static String shown(String encoding) {
        return encoding.startsWith("/") && encoding.length() <= 16 ? "\"" + encoding + "\"" : "(a line that is not an encoding)";
    }

    private static int lineEnd(byte[] file, int from) {
        for (int i = from; i < file.length; i++) {
            if (file[i] == '\n') {
                return i;
            }
        }
        return file.length;
    }

    private static String line(byte[] file, int from, int end) {
        int to = end > from && file[end - 1] == '\r' ? end - 1 : end;
        return from >= to ? "" : new String(file, from, to - from, StandardCharsets.UTF_8);
    }

    private static String textBody(byte[] file, int from) {
        return new String(file, from, file.length - from, StandardCharsets.US_ASCII).strip();
    }

    private static byte[] decodeHex(String hex, String what) {
        if (hex.length() != KEY_BYTES * 2) {
            throw new IllegalArgumentException(what + ": expected " + (KEY_BYTES * 2) + " hex characters, got "
                    + hex.length());
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                throw new IllegalArgumentException(what + ": character at index " + i + " is not hexadecimal");
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] decodeBase64(String text) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pnet key: the /base64/ key is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("pnet key: the /base64/ key decodes to " + key.length + " bytes, needs "
                    + KEY_BYTES);
        }
        return key;
    }
}
