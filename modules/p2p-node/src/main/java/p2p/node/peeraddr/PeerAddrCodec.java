package p2p.node.peeraddr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.util.ProtocolException;

/**
 * The wire format of the peer-addr-request protocol, pure: the request is the target's peer id as its base58 text,
 * raw (no length prefix, at most {@value #MAX_REQUEST_BYTES} bytes); the answer is a JSON array of multiaddr strings
 * (at most {@value #MAX_RESPONSE_BYTES} bytes), never a circuit address. The JSON reader accepts exactly that shape,
 * an array of strings, and nothing else.
 */
public final class PeerAddrCodec {
    /** What the responder reads of a request (go-p2p-message-bus reads one buffer of this size). */
    public static final int MAX_REQUEST_BYTES = 256;
    /** What the requester reads of an answer (one read of this size in go-p2p-message-bus). */
    public static final int MAX_RESPONSE_BYTES = 4096;

    private PeerAddrCodec() {
    }

    public static byte[] encodeRequest(PeerId target) {
        return target.toBase58().getBytes(StandardCharsets.US_ASCII);
    }

    /** @throws ProtocolException when the bytes are too many or not a peer id */
    public static PeerId decodeRequest(byte[] bytes) {
        if (bytes.length > MAX_REQUEST_BYTES) {
            throw new ProtocolException("peer-addr-request of " + bytes.length + " bytes exceeds " + MAX_REQUEST_BYTES);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        try {
            return PeerId.parse(text);
        } catch (RuntimeException e) {
            throw new ProtocolException("peer-addr-request does not name a peer id: " + e.getMessage(), e);
        }
    }

    /**
     * The answer for {@code addresses}: relay circuits are left out (the asker wants direct addresses), and addresses
     * are dropped from the end until the array fits in {@link #MAX_RESPONSE_BYTES}, since the asker reads no more.
     */
    public static byte[] encodeResponse(List<Multiaddr> addresses) {
        List<String> kept = new ArrayList<>();
        int size = 2;
        for (Multiaddr a : addresses) {
            String text = a.toString();
            if (text.contains("/p2p-circuit")) {
                continue;
            }
            int added = text.length() + 2 + (kept.isEmpty() ? 0 : 1);
            if (size + added > MAX_RESPONSE_BYTES) {
                break;
            }
            kept.add(text);
            size += added;
        }
        StringBuilder json = new StringBuilder("[");
        for (String text : kept) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    json.append('\\');
                }
                json.append(c);
            }
            json.append('"');
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes an answer. Strings that are not multiaddrs this node can parse are skipped (another transport's).
     *
     * @throws ProtocolException when the bytes are too many or not a JSON array of strings
     */
    public static List<Multiaddr> decodeResponse(byte[] bytes) {
        if (bytes.length > MAX_RESPONSE_BYTES) {
            throw new ProtocolException("peer-addr-request answer of " + bytes.length + " bytes exceeds "
                    + MAX_RESPONSE_BYTES);
        }
        List<Multiaddr> out = new ArrayList<>();
        for (String text : new JsonStringArray(new String(bytes, StandardCharsets.UTF_8)).parse()) {
            try {
                Multiaddr a = Multiaddr.parse(text);
                if (!text.contains("/p2p-circuit")) {
                    out.add(a);
                }
            } catch (RuntimeException unknownTransport) {
                // Skipped on purpose, see the method comment.
            }
        }
        return out;
    }

    /** A strict reader of {@code ["...", ...]} with JSON string escapes; whitespace allowed between tokens. */
    private static final class JsonStringArray {
        private final String text;
        private int pos;

        JsonStringArray(String text) {
            this.text = text;
        }

        List<String> parse() {
            List<String> out = new ArrayList<>();
            skipSpace();
            expect('[');
            skipSpace();
            if (peek() == ']') {
                pos++;
            } else {
                while (true) {
                    skipSpace();
                    out.add(string());
                    skipSpace();
                    char c = next();
                    if (c == ']') {
                        break;
                    }
                    if (c != ',') {
                        throw fail("expected , or ]");
                    }
                }
            }
            skipSpace();
            if (pos != text.length()) {
                throw fail("trailing bytes after the array");
            }
            return out;
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
                    default -> throw fail("bad escape \\" + e);
                }
            }
        }

        private void skipSpace() {
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
            return new ProtocolException("peer-addr-request answer is not a JSON array of strings: " + why
                    + " at offset " + pos);
        }
    }
}
