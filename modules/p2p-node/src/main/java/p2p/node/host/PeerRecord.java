package p2p.node.host;

import java.util.List;
import java.util.Objects;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * A peer's own signed statement of its addresses (libp2p/specs RFC 0003), as this host holds it once the signature
 * verified; its wire form and sealing are {@code p2p.node.record.PeerRecordCodec}'s. Teranode 2026 sends it in
 * identify and gossipsub peer exchange (spec teranode-2026.md 1.2).
 *
 * @param peer      whose addresses these are; the envelope's signer
 * @param seq       orders records of one peer: a receiver keeps the highest
 * @param addresses the addresses the peer vouches for
 */
public record PeerRecord(PeerId peer, long seq, List<Multiaddr> addresses) {
    public PeerRecord {
        Objects.requireNonNull(peer, "peer");
        addresses = List.copyOf(addresses);
    }
}
