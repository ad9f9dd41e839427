package p2p.server;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import p2p.node.crypto.PeerId;

/**
 * The best height each peer has told us of (spec section 10.1: from handshakes and mining-on, never from block
 * announcements), with the first one heard as its starting height; GetPeers reports both. Unlike Go's map, a peer's
 * entry goes when it disconnects.
 */
public final class PeerHeights {

    /** One peer's heights. */
    public record Height(long starting, long current) {
    }

    /** Written by handlers on several threads: a concurrent map updated atomically per peer. */
    private final Map<PeerId, Height> heights = new ConcurrentHashMap<>();

    /** Records {@code height} as the peer's current height; the first one recorded is also its starting height. */
    public void update(PeerId peer, long height) {
        heights.merge(peer, new Height(height, height), (old, fresh) -> new Height(old.starting(), height));
    }

    public Optional<Height> get(PeerId peer) {
        return Optional.ofNullable(heights.get(peer));
    }

    /** Forgets a peer that disconnected. */
    public void remove(PeerId peer) {
        heights.remove(peer);
    }

    /** A copy of every known peer's heights. */
    public Map<PeerId, Height> snapshot() {
        return Map.copyOf(heights);
    }
}
