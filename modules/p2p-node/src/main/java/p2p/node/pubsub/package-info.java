/**
 * Gossipsub v1.1 with StrictSign (libp2p specs pubsub/README.md, pubsub/gossipsub/gossipsub-v1.0.md and
 * gossipsub-v1.1.md): the RPC codec, message signing, and {@link p2p.node.pubsub.GossipRouter}, which runs over
 * any {@link p2p.node.pubsub.PubsubPeerLink} transport.
 */
package p2p.node.pubsub;
