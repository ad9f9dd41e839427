package p2p.node.pubsub;

import p2p.node.crypto.PeerId;

/**
 * Receives the misbehaviour pubsub attributes to a peer (the peer that sent the bytes, not the message author).
 * Called on the router's loop thread: implementations must not block.
 */
@FunctionalInterface
public interface PeerPenaltyListener {
    /** A listener that ignores every penalty. */
    PeerPenaltyListener NONE = (peer, reason, detail) -> { };

    void onPenalty(PeerId peer, PenaltyReason reason, String detail);
}
