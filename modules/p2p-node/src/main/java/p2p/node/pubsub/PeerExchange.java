package p2p.node.pubsub;

import java.util.List;
import java.util.Optional;
import p2p.node.crypto.PeerId;

/**
 * What the router needs from the host for gossipsub v1.1 peer exchange (gossipsub-v1.1.md "Prune Backoff and Peer
 * Exchange"; Teranode 2026, spec teranode-2026.md 1.2): the signed records to offer, and a way to dial the peers
 * offered to us. Called on the router's loop thread; implementations must not block.
 */
public interface PeerExchange {
    /** Nothing to offer and nothing dialled: for routers without a host (tests, simulations). */
    PeerExchange NONE = new PeerExchange() {
        @Override
        public Optional<byte[]> signedRecord(PeerId peer) {
            return Optional.empty();
        }

        @Override
        public void connect(PeerId from, List<PxCandidate> candidates) {
        }
    };

    /** The sealed envelope of the verified signed peer record we hold for {@code peer}, as the peer signed it. */
    Optional<byte[]> signedRecord(PeerId peer);

    /**
     * Dials the peers {@code from} offered that we are not connected to, through the host's normal dial path (and
     * so its connection gater). The records are already verified.
     */
    void connect(PeerId from, List<PxCandidate> candidates);
}
