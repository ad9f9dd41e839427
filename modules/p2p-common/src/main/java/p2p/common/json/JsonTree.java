package p2p.common.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads small JSON documents of open shape into a tree: objects as ordered maps, arrays as lists, strings, numbers
 * as doubles, booleans and null, with a nesting bound. Strict RFC 8259 (no trailing commas, no comments, no
 * control characters in strings). For formats where the whole tree is wanted (the peer cache file, the
 * peer-addr-request answer); Teranode's gossip structs are read Go-exactly by p2p.server's {@code GoJsonReader}.
 * {@link JsonWriter} writes what this reads.
 */
public final class JsonTree {
    /** Deeper documents are refused: nothing this reads nests more than a few levels. */
    public static final int MAX_DEPTH = 16;

    private JsonTree() {
    }

    /**
     * Reads one JSON document.
     *
     * @param what names the text in error messages (e.g. "peer cache")
     * @throws JsonException when the text is not one JSON value, or nests more than 17 levels deep
     */
    public static Object read(String text, String what) {
        return new Reader(text, what).document();
    }

    /**
     * Reads one JSON object, as the line protocols of the test peers and the WebSocket frames carry them.
     *
     * @throws JsonException when the text is not valid JSON, or valid JSON but not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(String text, String what) {
        if (read(text, what) instanceof Map<?, ?> object) {
            return (Map<String, Object>) object;
        }
        throw new JsonException(what + " is not a JSON object");
    }

    /** The reader's state: the text, where it stands, and what the text is, for error messages. */
    private static final class Reader {
        private final String text;
        private final String what;
        private int pos;

        Reader(String text, String what) {
            this.text = text;
            this.what = what;
        }

        Object document() {
            Object v = value(0);
            space();
            if (pos != text.length()) {
                throw fail("trailing characters");
            }
            return v;
        }

        private Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw fail("nesting deeper than " + MAX_DEPTH);
            }
            space();
            char c = peek();
            switch (c) {
                case '{' -> {
                    pos++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    space();
                    if (peek() == '}') {
                        pos++;
                        return m;
                    }
                    while (true) {
                        space();
                        String key = string();
                        space();
                        expect(':');
                        m.put(key, value(depth + 1));
                        space();
                        char next = next();
                        if (next == '}') {
                            return m;
                        }
                        if (next != ',') {
                            throw fail("expected , or }");
                        }
                    }
                }
                case '[' -> {
                    pos++;
                    List<Object> l = new ArrayList<>();
                    space();
                    if (peek() == ']') {
                        pos++;
                        return l;
                    }
                    while (true) {
                        l.add(value(depth + 1));
                        space();
                        char next = next();
                        if (next == ']') {
                            return l;
                        }
                        if (next != ',') {
                            throw fail("expected , or ]");
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    return literal();
                }
            }
        }

        private Object literal() {
            int start = pos;
            while (pos < text.length() && "{}[],: \t\r\n\"".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String word = text.substring(start, pos);
            switch (word) {
                case "true" -> {
                    return Boolean.TRUE;
                }
                case "false" -> {
                    return Boolean.FALSE;
                }
                case "null" -> {
                    return null;
                }
                default -> {
                    try {
                        return Double.parseDouble(word);
                    } catch (NumberFormatException e) {
                        throw fail("unexpected \"" + word + "\"");
                    }
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw fail("control character in a string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw fail("truncated \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw fail("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw fail("bad escape");
                }
            }
        }

        private void space() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw fail("unexpected end");
            }
            return text.charAt(pos);
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw fail("expected " + c);
            }
        }

        private JsonException fail(String why) {
            return new JsonException(what + " is not valid JSON: " + why + " at offset " + pos);
        }
    }
}
