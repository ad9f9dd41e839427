package p2p.node.pubsub;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message ids seen in the last {@code ttl} (the pubsub "seen cache"): suppresses duplicates so each message is
 * delivered and relayed once. Entries expire in insertion order, so pruning only looks at the oldest ones.
 * Owned by the router's loop thread.
 */
final class SeenCache {
    private final Duration ttl;
    private final LinkedHashMap<ByteString, Instant> expiries = new LinkedHashMap<>();

    SeenCache(Duration ttl) {
        this.ttl = ttl;
    }

    /** Records {@code id}; returns false when it was already there. */
    boolean add(ByteString id, Instant now) {
        if (expiries.containsKey(id)) {
            return false;
        }
        expiries.put(id, now.plus(ttl));
        return true;
    }

    boolean contains(ByteString id) {
        return expiries.containsKey(id);
    }

    /** Forgets ids whose time is up. */
    void expire(Instant now) {
        Iterator<Map.Entry<ByteString, Instant>> it = expiries.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().isAfter(now)) {
                return;
            }
            it.remove();
        }
    }

    int size() {
        return expiries.size();
    }
}
