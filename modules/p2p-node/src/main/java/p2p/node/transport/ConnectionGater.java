package p2p.node.transport;

import java.net.InetSocketAddress;

/**
 * Decides whether a remote address may connect or be dialled at all. The transport asks it when an accepted socket is
 * registered, before any byte is read, and before it dials; a refused inbound socket is closed at once and counted in
 * {@link TransportStats#gatedInbound()}. Typical implementation: the ban list.
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
}
