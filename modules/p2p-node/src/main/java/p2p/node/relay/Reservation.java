package p2p.node.relay;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * A slot a relay granted us (circuit-v2.md, "Reservation"): until {@code expire} it relays connections to us.
 *
 * @param relay  the relay
 * @param expire when the reservation ends; we refresh it before
 * @param addrs  the relay's addresses it told us to advertise (with {@code /p2p/<relay>}); empty when the relay has
 *               no public address, as a relay on a private network answers
 * @param limit  what each relayed connection may carry
 */
public record Reservation(PeerId relay, Instant expire, List<Multiaddr> addrs, RelayLimit limit) {
    public Reservation {
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(expire, "expire");
        addrs = List.copyOf(addrs);
        Objects.requireNonNull(limit, "limit");
    }
}
