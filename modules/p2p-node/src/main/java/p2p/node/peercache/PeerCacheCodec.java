package p2p.node.peercache;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.util.ProtocolException;

/**
 * {@code p2p_peers.json} to and from {@link CachedPeer}s, pure: a JSON array of {@code {"id","name","addrs",
 * "last_seen"}} with {@code last_seen} in RFC 3339 (Go's {@code time.Time} form). Reading is strict about the JSON
 * and lenient about entries: an entry with a bad id or time is left out, an address this node cannot parse is
 * dropped from its entry, unknown keys are ignored.
 */
public final class PeerCacheCodec {
    /** The file is ours, but it is read at start: a bound keeps a corrupted one from costing memory. */
    public static final int MAX_BYTES = 4 << 20;

    private PeerCacheCodec() {
    }

    public static String encode(List<CachedPeer> peers) {
        StringBuilder out = new StringBuilder("[");
        for (CachedPeer p : peers) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("{\"id\":");
            string(out, p.id().toBase58());
            out.append(",\"name\":");
            string(out, p.name());
            out.append(",\"addrs\":[");
            for (int i = 0; i < p.addrs().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(out, p.addrs().get(i).toString());
            }
            out.append("],\"last_seen\":");
            string(out, p.lastSeen().toString());
            out.append('}');
        }
        return out.append(']').toString();
    }

    /** @throws ProtocolException when the text is too long or not a JSON array of objects */
    public static List<CachedPeer> decode(String text) {
        if (text.length() > MAX_BYTES) {
            throw new ProtocolException("peer cache of " + text.length() + " characters exceeds " + MAX_BYTES);
        }
        Object root = new JsonReader(text).document();
        if (!(root instanceof List<?> entries)) {
            throw new ProtocolException("peer cache is not a JSON array");
        }
        List<CachedPeer> out = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> m)) {
                throw new ProtocolException("peer cache entry is not a JSON object: " + entry);
            }
            try {
                PeerId id = PeerId.parse((String) m.get("id"));
                Instant seen = Instant.parse((String) m.get("last_seen"));
                String name = m.get("name") instanceof String s ? s : "";
                List<Multiaddr> addrs = new ArrayList<>();
                if (m.get("addrs") instanceof List<?> list) {
                    for (Object a : list) {
                        try {
                            addrs.add(Multiaddr.parse((String) a));
                        } catch (RuntimeException unknownTransport) {
                            // dropped alone, see the class comment
                        }
                    }
                }
                out.add(new CachedPeer(id, name, addrs, seen));
            } catch (RuntimeException badEntry) {
                // left out, see the class comment (a missing key shows as a ClassCastException or NPE here)
            }
        }
        return out;
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A small strict JSON reader: objects as maps, arrays as lists, strings, numbers as doubles, booleans, null. */
    private static final class JsonReader {
        private static final int MAX_DEPTH = 16;
        private final String text;
        private int pos;

        JsonReader(String text) {
            this.text = text;
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

        private ProtocolException fail(String why) {
            return new ProtocolException("peer cache is not valid JSON: " + why + " at offset " + pos);
        }
    }
}
