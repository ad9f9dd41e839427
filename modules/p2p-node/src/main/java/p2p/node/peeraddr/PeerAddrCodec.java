package p2p.node.peeraddr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import p2p.common.json.JsonException;
import p2p.common.json.JsonTree;
import p2p.common.json.JsonWriter;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * The wire format of the peer-addr-request protocol, pure: the request is the target's peer id as its base58 text,
 * raw (no length prefix, at most {@value #MAX_REQUEST_BYTES} bytes); the answer is a JSON array of multiaddr strings
 * (at most {@value #MAX_RESPONSE_BYTES} bytes), never a circuit address. An answer of any other JSON shape than an
 * array of strings is refused.
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
        return JsonWriter.strings(kept).getBytes(StandardCharsets.UTF_8);
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
        Object root;
        try {
            root = JsonTree.read(new String(bytes, StandardCharsets.UTF_8), "peer-addr-request answer");
        } catch (JsonException e) {
            throw new ProtocolException(e.getMessage());
        }
        if (!(root instanceof List<?> texts)) {
            throw new ProtocolException("peer-addr-request answer is not a JSON array");
        }
        for (Object item : texts) {
            if (!(item instanceof String text)) {
                throw new ProtocolException("peer-addr-request answer holds a non-string: " + item);
            }
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
}
