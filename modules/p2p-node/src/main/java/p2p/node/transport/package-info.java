/**
 * The TCP transport of the libp2p stack: listening and dialling on Netty, the connection gater and limits that are
 * consulted before a connection's first byte is read, per-connection traffic counters, and the upgrader that turns a raw
 * TCP connection into a secured, multiplexed libp2p connection (libp2p specs, connections/README.md: "Upgrading
 * connections").
 */
package p2p.node.transport;
