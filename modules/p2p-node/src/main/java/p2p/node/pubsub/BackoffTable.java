package p2p.node.pubsub;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import p2p.node.crypto.PeerId;

/**
 * Per topic and peer, the time before which we must not GRAFT the peer again, and before which a GRAFT from it is
 * refused (gossipsub-v1.1.md "Prune Backoff and Peer Exchange"). Owned by the router's loop thread.
 */
final class BackoffTable {
    private record Key(String topic, PeerId peer) {
    }

    private final Map<Key, Instant> until = new HashMap<>();

    /** Extends the backoff of {@code peer} on {@code topic} to at least {@code expiry}. */
    void set(String topic, PeerId peer, Instant expiry) {
        until.merge(new Key(topic, peer), expiry, (a, b) -> a.isAfter(b) ? a : b);
    }

    boolean isBackedOff(String topic, PeerId peer, Instant now) {
        Instant expiry = until.get(new Key(topic, peer));
        return expiry != null && expiry.isAfter(now);
    }

    /** The backoff expiry, or {@code null} when none is recorded. */
    Instant expiry(String topic, PeerId peer) {
        return until.get(new Key(topic, peer));
    }

    void expire(Instant now) {
        until.values().removeIf(expiry -> !expiry.isAfter(now));
    }
}
