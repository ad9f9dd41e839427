package p2p.node.host;

import java.net.InetSocketAddress;
import p2p.node.crypto.PeerId;

/**
 * Decides whether a remote address may connect or be dialled at all. The transport asks it when an accepted socket is
 * registered, before any byte is read, and before it dials; a refused inbound socket is closed at once and counted in
 * {@link TransportStats#gatedInbound()}. Once the peer is authenticated, {@link #allowPeer} decides by its id.
 * Typical implementation: the ban list.
 */
@FunctionalInterface
public interface ConnectionGater {
    /** A gater that allows everything. */
    ConnectionGater ALLOW_ALL = remote -> true;

    /** Whether an inbound connection from {@code remote} may proceed. Must not block: it runs on an event loop. */
    boolean allowInbound(InetSocketAddress remote);

    /** Whether we may dial {@code remote}; by default the same rule as inbound connections. */
    default boolean allowOutbound(InetSocketAddress remote) {
        return allowInbound(remote);
    }

    /**
     * Whether a connection whose peer proved {@code peer} in the Noise handshake may stay (a ban by peer id); asked by
     * the host before the connection is registered. Allows every peer by default.
     */
    default boolean allowPeer(PeerId peer, InetSocketAddress remote) {
        return true;
    }
}
