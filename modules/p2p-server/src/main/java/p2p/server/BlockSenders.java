package p2p.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import p2p.node.crypto.PeerId;

/**
 * Which peer announced each recently received block (by canonical hash): the gossip message's signed author, so an
 * invalid-block report from block validation can be scored against it, once (spec sections 3.4 and 5.3). ⚠ Teranode
 * keeps the peer that delivered the message, so it blames a relayer; and its map grows for ever, this one is bounded,
 * oldest forgotten first.
 */
final class BlockSenders {
    private final Map<String, PeerId> byHash;

    BlockSenders(int capacity) {
        this.byHash = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PeerId> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(String hash, PeerId author) {
        byHash.put(hash, author);
    }

    /** The peer that announced {@code hash}, removed from the map: a report is used once, as Go deletes it. */
    synchronized Optional<PeerId> take(String hash) {
        return Optional.ofNullable(byHash.remove(hash));
    }
}
