package p2p.server;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import p2p.node.crypto.PeerId;

/**
 * The best height each peer has told us of (spec section 2 "per-peer current height", from handshakes, blocks and
 * mining-on), with the first one heard as its starting height; GetPeers reports both.
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
