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

    /** Adds a signed integer field (int64, int). */
    public JsonObjectWriter signed(String key, long value) {
        name(key);
        out.append(value);
        return this;
    }

    /**
     * Adds a float64 field as Go writes one: the shortest decimal that reads back as the same double, plain
     * ({@code 'f'}) unless its magnitude is below 1e-6 or at least 1e21, then exponent form with Go's
     * {@code e-7}/{@code e+21} spelling; Go refuses NaN and infinities, so do we.
     */
    public JsonObjectWriter float64(String key, double value) {
        name(key);
        out.append(goFloat(value));
        return this;
    }

    /** Adds a {@code []byte} field: standard padded base64, or {@code null} for Go's nil slice. */
    public JsonObjectWriter bytes(String key, byte[] value) {
        name(key);
        if (value == null) {
            out.append("null");
        } else {
            quote(GoBase64.encode(value));
        }
        return this;
    }

    /** Adds a nested object already written by another writer (a struct-valued field). */
    public JsonObjectWriter object(String key, byte[] json) {
        name(key);
        out.append(new String(json, StandardCharsets.UTF_8));
        return this;
    }

    /** Go's float64 text (encoding/json's floatEncoder). */
    static String goFloat(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("json: unsupported value: " + value);
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        // Double.toString gives the shortest digits that read back as the same double, as Go's strconv does.
        java.math.BigDecimal decimal = new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (decimal.precision() == 2) {
            // Java writes at least two digits (4.9E-324); Go writes one when one reads back the same (5e-324).
            java.math.BigDecimal one = decimal.round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
            if (one.doubleValue() == value) {
                decimal = one.stripTrailingZeros();
            }
        }
        double abs = Math.abs(value);
        if (abs >= 1e-6 && abs < 1e21) {
            return decimal.toPlainString();
        }
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        StringBuilder text = new StringBuilder();
        if (value < 0) {
            text.append('-');
        }
        text.append(digits.charAt(0));
        if (digits.length() > 1) {
            text.append('.').append(digits, 1, digits.length());
        }
        return text.append(exponent < 0 ? "e-" : "e+").append(Math.abs(exponent)).toString();
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
