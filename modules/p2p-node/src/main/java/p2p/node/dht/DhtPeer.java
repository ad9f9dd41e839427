package p2p.node.dht;

import java.util.List;
import java.util.Objects;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * A peer as carried in {@code closerPeers} and {@code providerPeers}: its id, the addresses the sender knows for
 * it, and whether the sender is connected to it.
 */
public record DhtPeer(PeerId id, List<Multiaddr> addresses, Connectedness connection) {
    /** The spec's {@code ConnectionType}; the ordinal is the wire value. */
    public enum Connectedness { NOT_CONNECTED, CONNECTED, CAN_CONNECT, CANNOT_CONNECT }

    public DhtPeer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connection, "connection");
        addresses = List.copyOf(addresses);
    }

    public DhtPeer(PeerId id, List<Multiaddr> addresses) {
        this(id, addresses, Connectedness.NOT_CONNECTED);
    }
}
