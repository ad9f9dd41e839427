/**
 * The ping protocol {@code /ipfs/ping/1.0.0} (libp2p/specs ping/ping.md): the dialler writes 32 random bytes, the
 * listener echoes them, the dialler measures the round trip.
 */
package p2p.node.ping;
