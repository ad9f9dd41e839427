/**
 * Ban policy of the server (spec section 5, ARCHITECTURE.md "ban loop"): {@link p2p.server.ban.BanScorer} turns
 * misbehaviour and gossipsub penalties into ban score off the pubsub loop, and {@link p2p.server.ban.BanEnforcer}
 * makes the ban list bite on the libp2p host (refused at the gater, disconnected on a new ban, dropped at start).
 * The ban list and score keeping themselves are p2p.ban's; this package applies them to the node.
 */
package p2p.server.ban;
