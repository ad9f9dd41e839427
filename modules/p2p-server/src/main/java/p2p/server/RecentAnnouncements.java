package p2p.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The block and subtree announcements (hash and DataHub URL) this node last wrote to Kafka, so that the same
 * announcement published again is not written again (teranode-p2p.md sections 3.4 and 3.5).
 *
 * <p>⚠ Beyond Teranode: gossipsub's message id is author + seqno, so a peer that publishes one valid announcement
 * over and over gets every copy through gossip, and Go's handler writes each to Kafka on every node of the network
 * (the multi-host hostile test saw 300 published copies become 300 records on each of four nodes). Block validation
 * would fetch the same block 300 times. A repeat carries nothing new, so it is counted and dropped; the same hash
 * from another DataHub URL is a new announcement (another place to fetch from) and still goes to Kafka. Bounded:
 * the oldest of {@code capacity} announcements is forgotten first, so a repeat after that many others goes through.
 * Touched by the pubsub loop only, synchronized anyway as the handlers may move.
 */
final class RecentAnnouncements {
    private final Map<String, Boolean> seen;

    RecentAnnouncements(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * True the first time this (kind, hash, source) is offered among the last {@code capacity}; false after.
     * {@code source} is the DataHub URL, and in 2026 also the announcing peer (Handlers2026).
     */
    synchronized boolean firstTime(String kind, String hash, String source) {
        return seen.putIfAbsent(kind + ' ' + hash + ' ' + source, Boolean.TRUE) == null;
    }
}
