package p2p.node.peercache;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * One entry of {@code p2p_peers.json}: {@code {"id","name","addrs","last_seen"}}.
 *
 * @param id       the peer
 * @param name     its client name when known, else empty
 * @param addrs    where it listened
 * @param lastSeen when it was last connected
 */
public record CachedPeer(PeerId id, String name, List<Multiaddr> addrs, Instant lastSeen) {
    public CachedPeer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastSeen, "lastSeen");
        addrs = List.copyOf(addrs);
    }
}
