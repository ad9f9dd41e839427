package p2p.server.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import p2p.server.message.MalformedMessageException;

/**
 * A strict parser for the one shape every topic message has (spec section 3): a single JSON object (RFC 8259) whose
 * values are strings, numbers, booleans or null. Pure and bounded: input over {@link #MAX_BYTES} is refused before
 * decoding, UTF-8 must be well-formed, duplicate keys, nested values, trailing bytes and anything outside the RFC
 * grammar are errors. Written here rather than taken from a JSON library so that leniency (duplicate keys, comments,
 * lone surrogates) cannot reach the handlers.
 */
public final class FlatJsonParser {
    /** Largest payload accepted: the biggest message (mining-on) is a few hundred bytes; URLs leave room to spare. */
    public static final int MAX_BYTES = 16 * 1024;
    /** Most keys one object may have; every message has at most eight. */
    public static final int MAX_FIELDS = 32;

    private final String text;
    private int pos;

    private FlatJsonParser(String text) {
        this.text = text;
    }

    /** Parses {@code utf8} into its fields, in the order written. */
    public static Map<String, JsonValue> parseObject(byte[] utf8) throws MalformedMessageException {
        if (utf8.length > MAX_BYTES) {
            throw new MalformedMessageException("message of " + utf8.length + " bytes exceeds the limit of "
                    + MAX_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("message is not valid UTF-8");
        }
        FlatJsonParser parser = new FlatJsonParser(text);
        Map<String, JsonValue> fields = parser.object();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("trailing characters after the object");
        }
        return Collections.unmodifiableMap(fields);
    }

    private Map<String, JsonValue> object() throws MalformedMessageException {
        skipWhitespace();
        expect('{');
        Map<String, JsonValue> fields = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return fields;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a field name");
            }
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            JsonValue value = value(key);
            if (fields.put(key, value) != null) {
                throw error("duplicate field \"" + key + "\"");
            }
            if (fields.size() > MAX_FIELDS) {
                throw error("more than " + MAX_FIELDS + " fields");
            }
            skipWhitespace();
            char c = next();
            if (c == '}') {
                return fields;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private JsonValue value(String key) throws MalformedMessageException {
        char c = peek();
        return switch (c) {
            case '"' -> new JsonValue.Text(string());
            case 't' -> literal("true", new JsonValue.Bool(true));
            case 'f' -> literal("false", new JsonValue.Bool(false));
            case 'n' -> literal("null", new JsonValue.Null());
            case '{', '[' -> throw error("field \"" + key + "\" holds a nested " + (c == '{' ? "object" : "array")
                    + "; messages are flat");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("expected a value for field \"" + key + "\"");
            }
        };
    }

    private JsonValue literal(String word, JsonValue value) throws MalformedMessageException {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
        return value;
    }

    private JsonValue number() throws MalformedMessageException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        return new JsonValue.Number(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String string() throws MalformedMessageException {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> {
                    pos--;
                    throw error("invalid escape \\" + escaped);
                }
            }
        }
    }

    /** A {@code \\uXXXX} escape; a surrogate must come as a complete pair, since a lone one is no character. */
    private char[] unicodeEscape() throws MalformedMessageException {
        char first = hex4();
        if (Character.isLowSurrogate(first)) {
            throw error("lone low surrogate escape");
        }
        if (!Character.isHighSurrogate(first)) {
            return new char[] {first};
        }
        if (!text.startsWith("\\u", pos)) {
            throw error("high surrogate escape without its low half");
        }
        pos += 2;
        char second = hex4();
        if (!Character.isLowSurrogate(second)) {
            throw error("high surrogate escape without its low half");
        }
        return new char[] {first, second};
    }

    private char hex4() throws MalformedMessageException {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw error("invalid \\u escape");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() throws MalformedMessageException {
        if (pos >= text.length()) {
            throw error("unexpected end of message");
        }
        return text.charAt(pos++);
    }

    private void expect(char c) throws MalformedMessageException {
        if (pos >= text.length()) {
            throw error("unexpected end of message, expected '" + c + "'");
        }
        if (text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private MalformedMessageException error(String problem) {
        return new MalformedMessageException("malformed JSON at character " + pos + ": " + problem);
    }
}
