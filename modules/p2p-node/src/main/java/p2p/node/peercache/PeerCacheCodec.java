package p2p.node.peercache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import p2p.common.json.JsonException;
import p2p.common.json.JsonTree;
import p2p.common.json.JsonWriter;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

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
        List<String> entries = new ArrayList<>(peers.size());
        for (CachedPeer p : peers) {
            entries.add(JsonWriter.object()
                    .string("id", p.id().toBase58())
                    .string("name", p.name())
                    .raw("addrs", JsonWriter.strings(p.addrs().stream().map(Multiaddr::toString).toList()))
                    .string("last_seen", p.lastSeen().toString())
                    .toText());
        }
        return JsonWriter.array(entries);
    }

    /** @throws ProtocolException when the text is too long or not a JSON array of objects */
    public static List<CachedPeer> decode(String text) {
        if (text.length() > MAX_BYTES) {
            throw new ProtocolException("peer cache of " + text.length() + " characters exceeds " + MAX_BYTES);
        }
        Object root;
        try {
            root = JsonTree.read(text, "peer cache");
        } catch (JsonException e) {
            throw new ProtocolException(e.getMessage());
        }
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
}
