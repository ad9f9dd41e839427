package p2p.web.json;

/**
 * Minimal JSON text output for the few fixed-shape documents this module writes (notifications, health). A
 * dependency-free writer keeps the output byte-for-byte predictable; nothing here parses JSON.
 */
public final class JsonText {
    private final StringBuilder out = new StringBuilder(128);
    private boolean needComma;

    private JsonText() {
    }

    /** Starts a JSON object. */
    public static JsonText object() {
        JsonText json = new JsonText();
        json.out.append('{');
        return json;
    }

    /** Adds a string member. */
    public JsonText field(String name, String value) {
        key(name);
        quote(out, value);
        return this;
    }

    /** Adds a numeric member. */
    public JsonText field(String name, long value) {
        key(name);
        out.append(value);
        return this;
    }

    /** Adds a boolean member. */
    public JsonText field(String name, boolean value) {
        key(name);
        out.append(value);
        return this;
    }

    /** Adds a member whose value is already JSON text (an array or object written by this class). */
    public JsonText rawField(String name, String json) {
        key(name);
        out.append(json);
        return this;
    }

    /** Closes the object and returns its text. */
    public String end() {
        out.append('}');
        return out.toString();
    }

    private void key(String name) {
        if (needComma) {
            out.append(',');
        }
        needComma = true;
        quote(out, name);
        out.append(':');
    }

    /**
     * Appends {@code value} as a JSON string literal with the escapes Go's {@code encoding/json} uses, so that
     * {@code /p2p-ws} frames escape text as Teranode's do: quotes, backslashes and control characters escaped, and
     * also {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as backslash-u escapes (Go's HTML-safe
     * default).
     */
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
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Writes a JSON array of strings. */
    public static String strings(Iterable<String> values) {
        StringBuilder out = new StringBuilder().append('[');
        boolean first = true;
        for (String value : values) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, value);
        }
        return out.append(']').toString();
    }

    /** Writes a JSON array of numbers. */
    public static String numbers(long[] values) {
        StringBuilder out = new StringBuilder().append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(values[i]);
        }
        return out.append(']').toString();
    }

    /** Writes a JSON array whose elements are already JSON text. */
    public static String array(Iterable<String> jsonElements) {
        StringBuilder out = new StringBuilder().append('[');
        boolean first = true;
        for (String element : jsonElements) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(element);
        }
        return out.append(']').toString();
    }
}
