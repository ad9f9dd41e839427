/**
 * {@code /p2p-msg-bus/peer-addr-request/1.0.0} (spec teranode-2026.md section 1.2): a Teranode 2026 node asks a
 * connected peer, usually a bootstrap server, for the direct addresses of a topic author it has not met, which is how
 * it finds peers when the DHT is off. {@link p2p.node.peeraddr.PeerAddrCodec} is the pure wire format;
 * {@link p2p.node.peeraddr.PeerAddrProtocol} both stream sides.
 */
package p2p.node.peeraddr;
