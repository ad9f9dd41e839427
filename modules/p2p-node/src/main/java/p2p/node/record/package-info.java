/**
 * Signed records (libp2p/specs RFC 0002 "signed envelopes" and RFC 0003 "routing records"): the
 * {@link p2p.node.record.SignedEnvelope} a key holder seals a payload in, and the {@link p2p.node.host.PeerRecord} ({@link p2p.node.record.PeerRecordCodec})
 * it carries in identify's {@code signedPeerRecord} (Teranode 2026, spec teranode-2026.md section 1.2).
 */
package p2p.node.record;
