package p2p.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import p2p.node.crypto.PeerId;

/**
 * Which peer delivered each recently announced block (by canonical hash), so an invalid-block report from block
 * validation can be scored against it, once (spec sections 3.4 and 5.3). Bounded, oldest forgotten first
 * (⚠ Teranode's map grows for ever).
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

    synchronized void remember(String hash, PeerId sender) {
        byHash.put(hash, sender);
    }

    /** The peer that delivered {@code hash}, removed from the map: a report is used once, as Go deletes it. */
    synchronized Optional<PeerId> take(String hash) {
        return Optional.ofNullable(byHash.remove(hash));
    }
}
