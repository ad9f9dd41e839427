package p2p.node.pubsub;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import p2p.node.crypto.PeerId;
import p2p.node.host.PeerRecord;

/**
 * The signed peer records learnt through peer exchange, newest per peer, for peers we may not be connected to (the
 * host keeps only the records of connected peers, from identify). A record never replaces one of higher seq. Bounded:
 * the least recently stored record goes first, as go keeps PX addresses only for its temporary-address TTL.
 * Thread-safe: written by the router loop, read by dial completions.
 */
final class PxAddressBook {
    private final Map<PeerId, PeerRecord> records;

    PxAddressBook(int capacity) {
        this.records = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<PeerId, PeerRecord> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Keeps {@code record} unless a record of the same peer with a higher or equal seq is held; returns the held one. */
    synchronized PeerRecord store(PeerRecord record) {
        return records.merge(record.peer(), record, (old, neu) -> neu.seq() > old.seq() ? neu : old);
    }

    synchronized Optional<PeerRecord> get(PeerId peer) {
        return Optional.ofNullable(records.get(peer));
    }

    synchronized int size() {
        return records.size();
    }
}
