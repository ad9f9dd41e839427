package p2p.node.pubsub;

import java.util.Objects;
import java.util.Optional;
import p2p.node.crypto.PeerId;
import p2p.node.host.PeerRecord;

/**
 * One peer offered in a PRUNE's peer exchange, after {@link PxCodec} checked it.
 *
 * @param peer   the offered peer
 * @param record its signed peer record, verified (signature, domain, signer = {@code peer}); empty when the PRUNE
 *               named the peer without one, as go-libp2p-pubsub does for peers whose record it does not hold
 */
public record PxCandidate(PeerId peer, Optional<PeerRecord> record) {
    public PxCandidate {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(record, "record");
    }
}
