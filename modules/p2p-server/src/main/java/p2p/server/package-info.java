/**
 * The P2P server (spec sections 1, 3 and 4): {@link p2p.server.P2PServer} joins the five gossip topics named by
 * {@link p2p.server.TopicNames}, runs the version/verack handshake and keeps {@link p2p.server.PeerHeights}, turns
 * peers' announcements into Kafka messages and operator notifications, and publishes the local blockchain's and
 * Kafka's news to the peers. The JSON messages are in {@code p2p.server.message}.
 */
package p2p.server;
