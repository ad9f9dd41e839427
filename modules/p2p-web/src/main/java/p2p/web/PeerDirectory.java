package p2p.web;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where GetPeers reads the connected peers from; implemented by the node once it exists. The directory already
 * leaves out the node itself and its bootstrap peers (comparing the {@code /p2p/} part of bootstrap addresses,
 * spec section 6).
 */
@FunctionalInterface
public interface PeerDirectory {

    /** A directory with no peers, used until the node is wired in. */
    PeerDirectory EMPTY = List::of;

    /** A snapshot of the connected peers. */
    List<PeerView> peers();

    /**
     * The node's own addresses (listen addresses, a wildcard listener expanded to the interfaces' addresses, and
     * advertised IPs), which BanPeer refuses to cover unless forced ({@code p2p.web.grpc.BanWidthRule}).
     */
    default List<InetAddress> localAddresses() {
        return List.of();
    }

    /** The peer's last node_status ({@code id} base58); empty for a 2025 peer or before its first status. */
    default Optional<PeerStatusView> status(String id) {
        return Optional.empty();
    }
}
