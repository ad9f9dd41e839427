package p2p.common.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The one JSON writer of every module: writes an object byte for byte as Go's {@code encoding/json} (Go 1.22 and
 * later) writes a struct, because Teranode is Go and what we send (gossip messages, {@code /p2p-ws} frames, the
 * operator API, the peer cache) should read as a Teranode peer's would: fields in the order added, no whitespace,
 * and Go's string escaping ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \\u} escapes, other control
 * characters as {@code \\b}, {@code \\f}, {@code \\n}, {@code \\r}, {@code \\t} or {@code \\u00XX}, a lone surrogate as
 * U+FFFD, as Go writes invalid UTF-8). The method names are Go's field types. p2p.server's {@code GoJsonVectorsTest}
 * checks the output against Go's.
 */
public final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final StringBuilder out = new StringBuilder(256).append('{');
    private boolean first = true;

    private JsonWriter() {
    }

    /** Starts an object. */
    public static JsonWriter object() {
        return new JsonWriter();
    }

    /** Adds a string field. */
    public JsonWriter string(String key, String value) {
        name(key);
        quote(out, value);
        return this;
    }

    /** Adds an unsigned integer field (uint32 or uint64: {@code value} is read as unsigned). */
    public JsonWriter unsigned(String key, long value) {
        name(key);
        out.append(Long.toUnsignedString(value));
        return this;
    }

    /** Adds a signed integer field (int64, int). */
    public JsonWriter signed(String key, long value) {
        name(key);
        out.append(value);
        return this;
    }

    /** Adds a bool field. */
    public JsonWriter bool(String key, boolean value) {
        name(key);
        out.append(value);
        return this;
    }

    /** Adds a float64 field as Go writes one ({@link #goFloat}). */
    public JsonWriter float64(String key, double value) {
        name(key);
        out.append(goFloat(value));
        return this;
    }

    /** Adds a {@code []byte} field: standard padded base64, or {@code null} for Go's nil slice. */
    public JsonWriter bytes(String key, byte[] value) {
        name(key);
        if (value == null) {
            out.append("null");
        } else {
            quote(out, Base64.getEncoder().encodeToString(value));
        }
        return this;
    }

    /** Adds a field whose value is already JSON text (an object or array written by this class). */
    public JsonWriter raw(String key, String json) {
        name(key);
        out.append(json);
        return this;
    }

    /** Adds a field whose value is already JSON, as UTF-8 bytes (a struct-valued field written by another writer). */
    public JsonWriter raw(String key, byte[] json) {
        return raw(key, new String(json, StandardCharsets.UTF_8));
    }

    /** Closes the object and returns its text. */
    public String toText() {
        return out.append('}').toString();
    }

    /** Closes the object and returns its UTF-8 bytes. */
    public byte[] toBytes() {
        return toText().getBytes(StandardCharsets.UTF_8);
    }

    private void name(String key) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quote(out, key);
        out.append(':');
    }

    /** Appends {@code value} as a JSON string literal with Go's escaping (see the class comment). */
    public static void quote(StringBuilder out, String value) {
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

    /** A JSON array of strings. */
    public static String strings(Iterable<String> values) {
        StringBuilder text = new StringBuilder().append('[');
        for (String value : values) {
            if (text.length() > 1) {
                text.append(',');
            }
            quote(text, value);
        }
        return text.append(']').toString();
    }

    /** A JSON array of integers. */
    public static String numbers(long[] values) {
        StringBuilder text = new StringBuilder().append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(values[i]);
        }
        return text.append(']').toString();
    }

    /** A JSON array whose elements are already JSON text. */
    public static String array(Iterable<String> jsonElements) {
        StringBuilder text = new StringBuilder().append('[');
        boolean firstElement = true;
        for (String element : jsonElements) {
            if (!firstElement) {
                text.append(',');
            }
            firstElement = false;
            text.append(element);
        }
        return text.append(']').toString();
    }

    /**
     * Writes a tree as {@link JsonTree#read} gives one (maps, lists, strings, numbers, booleans, null), for line
     * protocols where the shape is not fixed. Integral numbers are written as integers, others as {@link #goFloat}.
     */
    public static String tree(Object value) {
        StringBuilder text = new StringBuilder();
        tree(text, value);
        return text.toString();
    }

    private static void tree(StringBuilder text, Object value) {
        switch (value) {
            case null -> text.append("null");
            case String s -> quote(text, s);
            case Boolean b -> text.append(b);
            case Double d -> text.append(goFloat(d));
            case Float f -> text.append(goFloat(f));
            case Number n -> text.append(n.longValue());
            case Map<?, ?> map -> {
                text.append('{');
                boolean firstMember = true;
                for (Map.Entry<?, ?> member : map.entrySet()) {
                    if (!firstMember) {
                        text.append(',');
                    }
                    firstMember = false;
                    quote(text, String.valueOf(member.getKey()));
                    text.append(':');
                    tree(text, member.getValue());
                }
                text.append('}');
            }
            case List<?> list -> {
                text.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        text.append(',');
                    }
                    tree(text, list.get(i));
                }
                text.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON tree value: " + value.getClass().getName());
        }
    }

    /**
     * Go's float64 text (encoding/json's floatEncoder): the shortest decimal that reads back as the same double,
     * plain ({@code 'f'}) unless its magnitude is below 1e-6 or at least 1e21, then exponent form with Go's
     * {@code e-7}/{@code e+21} spelling. Go refuses NaN and infinities, so do we.
     */
    public static String goFloat(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("json: unsupported value: " + value);
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        // Double.toString gives the shortest digits that read back as the same double, as Go's strconv does.
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (decimal.precision() == 2) {
            // Java writes at least two digits (4.9E-324); Go writes one when one reads back the same (5e-324).
            BigDecimal one = decimal.round(new MathContext(1, RoundingMode.HALF_EVEN));
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
}
