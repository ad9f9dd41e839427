package p2p.server.json;

import java.nio.charset.StandardCharsets;

/**
 * Writes one flat JSON object byte for byte as Go's {@code encoding/json} (Go 1.22 and later) writes a struct, so
 * our messages are the bytes a Teranode peer would send: fields in declaration order, no whitespace, and Go's
 * string escaping ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \\u} escapes, other control
 * characters as {@code \\b}, {@code \\f}, {@code \\n}, {@code \\r}, {@code \\t} or {@code \\u00XX}, a lone
 * surrogate as U+FFFD, as Go writes invalid UTF-8). {@code GoJsonVectorsTest} checks it against Go's output.
 */
public final class JsonObjectWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final StringBuilder out = new StringBuilder(256).append('{');
    private boolean first = true;

    /** Adds a string field. */
    public JsonObjectWriter string(String key, String value) {
        name(key);
        quote(value);
        return this;
    }

    /** Adds an unsigned integer field (uint32 or uint64: {@code value} is read as unsigned). */
    public JsonObjectWriter unsigned(String key, long value) {
        name(key);
        out.append(Long.toUnsignedString(value));
        return this;
    }

    /** Closes the object and returns its UTF-8 bytes. */
    public byte[] toBytes() {
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private void name(String key) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quote(key);
        out.append(':');
    }

    private void quote(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < value.length()
                                && Character.isLowSurrogate(value.charAt(i + 1))) {
                            out.append(c).append(value.charAt(++i));
                        } else {
                            out.append('\uFFFD');
                        }
                    } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
