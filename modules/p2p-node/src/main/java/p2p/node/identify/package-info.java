/**
 * The identify protocols (libp2p/specs identify/README.md): {@code /ipfs/id/1.0.0}, where the side that accepts the
 * stream writes its identify message and closes, and {@code /ipfs/id/push/1.0.0}, where a peer pushes its updated
 * message unasked. {@link p2p.node.identify.IdentifyCodec} is the pure protobuf translation; the handlers own the
 * stream side.
 */
package p2p.node.identify;
