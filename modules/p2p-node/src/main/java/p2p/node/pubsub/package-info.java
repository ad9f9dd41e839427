/**
 * Gossipsub v1.2 (and v1.1, v1.0, floodsub for older peers) with StrictSign (libp2p specs pubsub/README.md,
 * pubsub/gossipsub/gossipsub-v1.0.md, gossipsub-v1.1.md and gossipsub-v1.2.md): the RPC codec, message signing, and
 * {@link p2p.node.pubsub.GossipRouter}, which runs over any {@link p2p.node.pubsub.PubsubPeerLink} transport.
 * Applications reach it through the host facade ({@code P2PNode.startPubsub}, {@code subscribe},
 * {@code setTopicHandler}, {@code publish}).
 */
package p2p.node.pubsub;
