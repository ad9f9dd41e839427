package p2p.node.dht;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * The k-bucket routing table (kad-dht spec, "Kademlia routing table"): bucket {@code i} holds up to k peers whose
 * SHA-256 id shares exactly {@code i} leading bits with ours. Inside a bucket peers are kept least recently seen
 * first. A full bucket does not take a newcomer outright: {@link #add} reports the least recently seen peer, the
 * caller checks that it is alive and calls {@link #replace} if it is not (Kademlia's preference for old, proven
 * peers, which resists flooding the table with fresh ids). Thread-safe: all methods lock the table.
 */
public final class RoutingTable {
    /** One peer of the table. */
    public record Entry(PeerId peer, KadId id, List<Multiaddr> addresses, Instant lastSeen) {
        public Entry {
            addresses = List.copyOf(addresses);
        }
    }

    /** What {@link #add} did. */
    public sealed interface AddResult {
        /** The peer was new and is now in its bucket. */
        record Added() implements AddResult {
        }

        /** The peer was already there; its addresses and last-seen time were refreshed. */
        record Updated() implements AddResult {
        }

        /** The bucket is full; {@code leastRecentlySeen} may be replaced once found dead. */
        record BucketFull(Entry leastRecentlySeen) implements AddResult {
        }

        /** Our own id is never added. */
        record Self() implements AddResult {
        }
    }

    private final PeerId self;
    private final KadId selfId;
    private final int bucketSize;
    private final InstantSource clock;
    // index = common prefix length with selfId; guarded by this
    private final List<LinkedHashMap<PeerId, Entry>> buckets = new ArrayList<>(KadId.BITS);

    public RoutingTable(PeerId self, int bucketSize, InstantSource clock) {
        if (bucketSize < 1) {
            throw new IllegalArgumentException("bucket size must be at least 1, got " + bucketSize);
        }
        this.self = self;
        this.selfId = KadId.of(self);
        this.bucketSize = bucketSize;
        this.clock = clock;
        for (int i = 0; i < KadId.BITS; i++) {
            buckets.add(new LinkedHashMap<>());
        }
    }

    public PeerId self() {
        return self;
    }

    /** The bucket index of {@code peer}: the number of leading bits its id shares with ours. */
    public int bucketIndex(PeerId peer) {
        return Math.min(selfId.commonPrefixLength(KadId.of(peer)), KadId.BITS - 1);
    }

    /**
     * Adds or refreshes {@code peer} with the addresses it is reachable at (empty keeps the ones known).
     */
    public synchronized AddResult add(PeerId peer, List<Multiaddr> addresses) {
        if (peer.equals(self)) {
            return new AddResult.Self();
        }
        LinkedHashMap<PeerId, Entry> bucket = buckets.get(bucketIndex(peer));
        Entry old = bucket.remove(peer);
        if (old != null) {
            bucket.put(peer, new Entry(peer, old.id(), addresses.isEmpty() ? old.addresses() : addresses, clock.instant()));
            return new AddResult.Updated();
        }
        if (bucket.size() >= bucketSize) {
            return new AddResult.BucketFull(bucket.values().iterator().next());
        }
        bucket.put(peer, new Entry(peer, KadId.of(peer), addresses, clock.instant()));
        return new AddResult.Added();
    }

    /**
     * Puts {@code newcomer} in place of {@code stale} when {@code stale} is still in the table and the bucket has room
     * once it is gone. Returns whether the newcomer was added.
     */
    public synchronized boolean replace(PeerId stale, PeerId newcomer, List<Multiaddr> addresses) {
        if (newcomer.equals(self)) {
            return false;
        }
        LinkedHashMap<PeerId, Entry> bucket = buckets.get(bucketIndex(newcomer));
        if (bucket.containsKey(newcomer)) {
            return false;
        }
        bucket.remove(stale);
        if (bucket.size() >= bucketSize) {
            return false;
        }
        bucket.put(newcomer, new Entry(newcomer, KadId.of(newcomer), addresses, clock.instant()));
        return true;
    }

    /** Removes {@code peer}; returns whether it was there. */
    public synchronized boolean remove(PeerId peer) {
        return buckets.get(bucketIndex(peer)).remove(peer) != null;
    }

    public synchronized Optional<Entry> get(PeerId peer) {
        return Optional.ofNullable(buckets.get(bucketIndex(peer)).get(peer));
    }

    public synchronized boolean contains(PeerId peer) {
        return buckets.get(bucketIndex(peer)).containsKey(peer);
    }

    /** The {@code count} peers closest to {@code target}, closest first. */
    public synchronized List<Entry> closest(KadId target, int count) {
        List<Entry> all = new ArrayList<>();
        buckets.forEach(b -> all.addAll(b.values()));
        all.sort(Comparator.comparing(Entry::id, target.byDistance()));
        return List.copyOf(all.subList(0, Math.min(count, all.size())));
    }

    /** Every peer, in bucket order. */
    public synchronized List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        buckets.forEach(b -> all.addAll(b.values()));
        return all;
    }

    /** The peers of bucket {@code index}, least recently seen first. */
    public synchronized List<Entry> bucket(int index) {
        return List.copyOf(buckets.get(index).values());
    }

    public synchronized int size() {
        int n = 0;
        for (LinkedHashMap<PeerId, Entry> b : buckets) {
            n += b.size();
        }
        return n;
    }

    /** Indexes of the non-empty buckets, lowest first (whom a refresh should look up). */
    public synchronized List<Integer> nonEmptyBuckets() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            if (!buckets.get(i).isEmpty()) {
                out.add(i);
            }
        }
        return out;
    }

    /** Removes peers last seen before {@code cutoff}; returns how many. */
    public synchronized int removeSeenBefore(Instant cutoff) {
        int n = 0;
        for (LinkedHashMap<PeerId, Entry> b : buckets) {
            for (Iterator<Entry> it = b.values().iterator(); it.hasNext(); ) {
                if (it.next().lastSeen().isBefore(cutoff)) {
                    it.remove();
                    n++;
                }
            }
        }
        return n;
    }
}
