package p2p.server.json;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import p2p.server.message.MalformedMessageException;

/**
 * Reads one JSON document the way Go's {@code encoding/json} does before it fills a struct (spec section 3.2), so
 * a payload a Teranode node accepts is accepted here and one it refuses is refused: the whole input is checked
 * against the RFC 8259 grammar (leading and trailing whitespace allowed, nothing else after the value, nesting up to
 * Go's limit of {@value #MAX_DEPTH}); the members of a top-level object are kept in wire order, duplicates included
 * (Go applies them in order, so the last one wins); nested objects and arrays are checked and skipped.
 *
 * <p>Strings are decoded as Go's {@code unquote} does: an invalid UTF-8 byte becomes U+FFFD (one per byte, as
 * {@code utf8.DecodeRune} reports it), a lone or mismatched surrogate escape becomes U+FFFD, control characters
 * below U+0020 and unknown escapes are syntax errors. Works on the raw bytes, so no decoder leniency of the JDK's
 * {@code String} conversion can differ from Go's. Pure: no size limit of its own (gossipsub caps a message at
 * 1 MiB, the direct stream reader at the same); it allocates at most a few times the input (each string is copied
 * once, skipped containers only keep one flag per open level), as MessageProperties checks (32 x input + 64 KiB).
 */
public final class GoJsonReader {
    /** Go's {@code maxNestingDepth}: deeper documents are a syntax error there too. */
    public static final int MAX_DEPTH = 10_000;

    /** One key and value of the top-level object. */
    public record Member(String key, JsonValue value) {
    }

    /**
     * The document: {@code top} is the top-level value; when it is an object, {@code members} are its members in
     * wire order, else {@code members} is empty.
     */
    public record Document(JsonValue top, List<Member> members) {
    }

    private final byte[] in;
    private int pos;
    private int depth;

    private GoJsonReader(byte[] in) {
        this.in = in;
    }

    /** Parses {@code utf8}; a syntax error anywhere in it is an error, as in Go's {@code checkValid}. */
    public static Document read(byte[] utf8) throws MalformedMessageException {
        GoJsonReader reader = new GoJsonReader(utf8);
        reader.skipWhitespace();
        if (reader.pos == utf8.length) {
            throw new MalformedMessageException("unexpected end of JSON input");
        }
        Document document;
        if (reader.peek() == '{') {
            document = new Document(new JsonValue.Nested(true), reader.topObject());
        } else {
            document = new Document(reader.value(), List.of());
        }
        reader.skipWhitespace();
        if (reader.pos != utf8.length) {
            throw reader.error("invalid character " + reader.describe() + " after top-level value");
        }
        return document;
    }

    private List<Member> topObject() throws MalformedMessageException {
        enter();
        pos++;
        List<Member> members = new ArrayList<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("invalid character " + describe() + " looking for beginning of object key string");
            }
            String key = string();
            skipWhitespace();
            if (peek() != ':') {
                throw error("invalid character " + describe() + " after object key");
            }
            pos++;
            skipWhitespace();
            members.add(new Member(key, value()));
            skipWhitespace();
            int c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return members;
            }
            if (c != ',') {
                pos--;
                throw error("invalid character " + describe() + " after object key:value pair");
            }
        }
    }

    /** Any value at {@code pos} (whitespace already skipped); a nested one is checked and skipped. */
    private JsonValue value() throws MalformedMessageException {
        int c = peek();
        return switch (c) {
            case '"' -> new JsonValue.Text(string());
            case '{', '[' -> {
                int start = pos;
                skipContainer();
                yield new JsonValue.Nested(c == '{', java.util.Arrays.copyOfRange(in, start, pos));
            }
            case 't' -> literal("true", new JsonValue.Bool(true));
            case 'f' -> literal("false", new JsonValue.Bool(false));
            case 'n' -> literal("null", new JsonValue.Null());
            default -> {
                if (c == '-' || isDigit(c)) {
                    yield number();
                }
                throw error("invalid character " + describe() + " looking for beginning of value");
            }
        };
    }

    /**
     * Checks and skips the object or array at {@code pos} without recursion (a hostile document may nest
     * {@value #MAX_DEPTH} levels): {@code objects} says, per open level, whether it is an object.
     */
    private void skipContainer() throws MalformedMessageException {
        BitSet objects = new BitSet();
        int level = 0;
        objects.set(level++, peek() == '{');
        enter();
        pos++;
        boolean first = true;
        while (level > 0) {
            skipWhitespace();
            boolean object = objects.get(level - 1);
            int close = object ? '}' : ']';
            if (first) {
                first = false;
                if (peek() == close) {
                    pos++;
                    level--;
                    depth--;
                    continue;
                }
            } else {
                int c = peek();
                if (c == close) {
                    pos++;
                    level--;
                    depth--;
                    continue;
                }
                if (c != ',') {
                    throw error("invalid character " + describe() + " after " + (object ? "object key:value pair"
                            : "array element"));
                }
                pos++;
                skipWhitespace();
            }
            if (object) {
                if (peek() != '"') {
                    throw error("invalid character " + describe() + " looking for beginning of object key string");
                }
                string();
                skipWhitespace();
                if (peek() != ':') {
                    throw error("invalid character " + describe() + " after object key");
                }
                pos++;
                skipWhitespace();
            }
            int c = peek();
            if (c == '{' || c == '[') {
                objects.set(level++, c == '{');
                enter();
                pos++;
                first = true;
            } else {
                value();
            }
        }
    }

    private void enter() throws MalformedMessageException {
        if (++depth > MAX_DEPTH) {
            throw error("exceeded max depth");
        }
    }

    private JsonValue literal(String word, JsonValue value) throws MalformedMessageException {
        for (int i = 0; i < word.length(); i++) {
            if (peek() != word.charAt(i)) {
                throw error(pos == in.length ? "unexpected end of JSON input"
                        : "invalid character " + describe() + " in literal " + word);
            }
            pos++;
        }
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
            throw error("invalid character " + describe() + " in numeric literal");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("invalid character " + describe() + " after decimal point in numeric literal");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("invalid character " + describe() + " in exponent of numeric literal");
            }
            digits();
        }
        return new JsonValue.Number(new String(in, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The string at {@code pos}, decoded as Go's {@code unquote} decodes it. */
    private String string() throws MalformedMessageException {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= in.length) {
                throw error("unexpected end of JSON input");
            }
            int b = in[pos] & 0xFF;
            if (b == '"') {
                pos++;
                return out.toString();
            }
            if (b < 0x20) {
                throw error("invalid character " + describe() + " in string literal");
            }
            if (b == '\\') {
                pos++;
                escape(out);
            } else if (b < 0x80) {
                out.append((char) b);
                pos++;
            } else {
                int width = Utf8.width(in, pos);
                if (width == 0) {
                    out.append('\uFFFD');
                    pos++;
                } else {
                    out.appendCodePoint(Utf8.decode(in, pos, width));
                    pos += width;
                }
            }
        }
    }

    private void escape(StringBuilder out) throws MalformedMessageException {
        if (pos >= in.length) {
            throw error("unexpected end of JSON input");
        }
        int c = in[pos++] & 0xFF;
        switch (c) {
            case '"', '\\', '/' -> out.append((char) c);
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                int unit = hex4();
                if (unit >= 0xD800 && unit <= 0xDFFF) {
                    // Go pairs a high surrogate with an immediately following low one; anything else is U+FFFD,
                    // and the following escape, if any, is read on its own.
                    int low = followingLowSurrogate();
                    if (unit <= 0xDBFF && low >= 0) {
                        pos += 6;
                        out.appendCodePoint(Character.toCodePoint((char) unit, (char) low));
                    } else {
                        out.append('\uFFFD');
                    }
                } else {
                    out.append((char) unit);
                }
            }
            default -> {
                pos--;
                throw error("invalid character " + describe() + " in string escape code");
            }
        }
    }

    private int hex4() throws MalformedMessageException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (pos >= in.length) {
                throw error("unexpected end of JSON input");
            }
            int digit = Character.digit(in[pos] & 0xFF, 16);
            if (digit < 0 || (in[pos] & 0x80) != 0) {
                throw error("invalid character " + describe() + " in \\u hexadecimal character escape");
            }
            value = value * 16 + digit;
            pos++;
        }
        return value;
    }

    /** The low surrogate of a {@code \\uXXXX} escape right at {@code pos}, or -1 (nothing consumed). */
    private int followingLowSurrogate() {
        if (pos + 6 > in.length || in[pos] != '\\' || in[pos + 1] != 'u') {
            return -1;
        }
        int value = 0;
        for (int i = 2; i < 6; i++) {
            int digit = Character.digit(in[pos + i] & 0xFF, 16);
            if (digit < 0 || (in[pos + i] & 0x80) != 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value >= 0xDC00 && value <= 0xDFFF ? value : -1;
    }

    private void skipWhitespace() {
        while (pos < in.length) {
            byte c = in[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The byte at {@code pos} (0..255), or -1 at the end. */
    private int peek() {
        return pos < in.length ? in[pos] & 0xFF : -1;
    }

    private String describe() {
        if (pos >= in.length) {
            return "(end of input)";
        }
        int b = in[pos] & 0xFF;
        return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("0x%02x", b);
    }

    private MalformedMessageException error(String problem) {
        return new MalformedMessageException(pos >= in.length && !problem.startsWith("unexpected end")
                ? "unexpected end of JSON input" : "JSON syntax error at byte " + pos + ": " + problem);
    }
}
