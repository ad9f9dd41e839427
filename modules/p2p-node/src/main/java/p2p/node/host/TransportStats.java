package p2p.node.host;

/**
 * Counters of connections the transport refused, for metrics.
 *
 * @param gatedInbound   inbound sockets closed because the {@link ConnectionGater} refused their address
 * @param gatedOutbound  dials refused by the gater
 * @param limitedInbound inbound sockets closed because a {@link ConnectionLimits} cap was reached
 * @param limitedOutbound dials refused because a cap was reached
 * @param open           connections open now
 */
public record TransportStats(long gatedInbound, long gatedOutbound, long limitedInbound, long limitedOutbound,
                             int open) {
}
