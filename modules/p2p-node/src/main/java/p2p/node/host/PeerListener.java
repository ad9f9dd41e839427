package p2p.node.host;

/**
 * Hears about peers connecting and leaving. Called on network threads: must return quickly and never block.
 * A peer whose duplicate connection is replaced stays connected, so no event is sent for that.
 */
public interface PeerListener {
    /** A first connection to the peer is up (authenticated and multiplexed; identify may still be running). */
    default void connected(PeerInfo peer) {
    }

    /** The peer's identify message arrived (at connection or by push). */
    default void identified(PeerInfo peer) {
    }

    /** The last connection to the peer closed. */
    default void disconnected(PeerInfo peer) {
    }
}
