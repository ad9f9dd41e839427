package p2p.node.dht;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * The state of one iterative lookup (kad-dht spec, "Peer routing"): the candidates heard of so far ordered by
 * distance to the target, which of them were asked, answered or failed. The caller asks for {@link #nextToQuery}
 * peers, runs the queries and reports each outcome; the lookup is done when the k closest peers not known to have
 * failed have all answered, or when nobody is left to ask. No I/O, no timers: {@link KademliaDht} drives it.
 * Thread-safe: outcomes may be reported from any thread.
 */
public final class IterativeLookup {
    private enum State { HEARD, WAITING, SUCCEEDED, FAILED }

    private static final class Candidate {
        final DhtPeer peer;
        final List<Multiaddr> addresses;
        State state = State.HEARD;

        Candidate(DhtPeer peer) {
            this.peer = peer;
            this.addresses = new ArrayList<>(peer.addresses());
        }
    }

    /** Bound on candidates tracked, so a lookup cannot be flooded with made-up peers. */
    private static final int MAX_CANDIDATES = 1000;

    private final KadId target;
    private final int k;
    private final int alpha;
    private final PeerId self;
    // ordered by distance to target; guarded by this
    private final TreeMap<KadId, Candidate> candidates;
    private int inFlight;

    public IterativeLookup(KadId target, int k, int alpha, PeerId self, List<DhtPeer> seeds) {
        this.target = target;
        this.k = k;
        this.alpha = alpha;
        this.self = self;
        this.candidates = new TreeMap<>((Comparator<KadId>) target::compareDistance);
        seeds.forEach(this::offer);
    }

    public KadId target() {
        return target;
    }

    private void offer(DhtPeer peer) {
        if (peer.id().equals(self)) {
            return;
        }
        KadId id = KadId.of(peer.id());
        Candidate known = candidates.get(id);
        if (known != null) {
            for (Multiaddr a : peer.addresses()) {
                if (!known.addresses.contains(a)) {
                    known.addresses.add(a);
                }
            }
            return;
        }
        if (candidates.size() >= MAX_CANDIDATES) {
            // keep the closest: drop the farthest only when the newcomer is closer than it and it is not in use
            Map.Entry<KadId, Candidate> farthest = candidates.lastEntry();
            if (target.compareDistance(id, farthest.getKey()) >= 0 || farthest.getValue().state == State.WAITING) {
                return;
            }
            candidates.pollLastEntry();
        }
        candidates.put(id, new Candidate(peer));
    }

    /**
     * Peers to query now, at most alpha minus the queries in flight, chosen among the k closest live candidates;
     * they are marked as waiting.
     */
    public synchronized List<DhtPeer> nextToQuery() {
        List<DhtPeer> out = new ArrayList<>();
        int live = 0;
        for (Candidate c : candidates.values()) {
            if (inFlight >= alpha || live >= k) {
                break;
            }
            if (c.state == State.FAILED) {
                continue;
            }
            live++;
            if (c.state == State.HEARD) {
                c.state = State.WAITING;
                inFlight++;
                out.add(new DhtPeer(c.peer.id(), c.addresses, c.peer.connection()));
            }
        }
        return out;
    }

    /** {@code peer} answered with {@code closer} peers. */
    public synchronized void succeeded(PeerId peer, List<DhtPeer> closer) {
        Candidate c = candidates.get(KadId.of(peer));
        if (c != null && c.state == State.WAITING) {
            c.state = State.SUCCEEDED;
            inFlight--;
        }
        closer.forEach(this::offer);
    }

    /** {@code peer} could not be reached, timed out or answered garbage. */
    public synchronized void failed(PeerId peer) {
        Candidate c = candidates.get(KadId.of(peer));
        if (c != null && c.state == State.WAITING) {
            c.state = State.FAILED;
            inFlight--;
        }
    }

    /** Whether the k closest live candidates have all answered (with fewer than k live: all of them). */
    public synchronized boolean isDone() {
        int live = 0;
        for (Candidate c : candidates.values()) {
            if (live >= k) {
                break;
            }
            if (c.state == State.FAILED) {
                continue;
            }
            if (c.state != State.SUCCEEDED) {
                return false;
            }
            live++;
        }
        // queries still out to peers pushed beyond the k closest cannot change the result
        return true;
    }

    /** Queries in flight. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** The k closest peers that answered, closest first: the lookup's result. */
    public synchronized List<DhtPeer> closestSucceeded() {
        List<DhtPeer> out = new ArrayList<>(k);
        for (Candidate c : candidates.values()) {
            if (out.size() >= k) {
                break;
            }
            if (c.state == State.SUCCEEDED) {
                out.add(new DhtPeer(c.peer.id(), List.copyOf(new LinkedHashSet<>(c.addresses)), c.peer.connection()));
            }
        }
        return out;
    }
}
