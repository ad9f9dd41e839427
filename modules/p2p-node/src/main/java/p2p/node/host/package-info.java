/**
 * The libp2p host: {@link p2p.node.host.P2PNode} listens and dials over the upgraded TCP stack, keeps one connection
 * per peer, runs identify and ping, and routes streams to protocol handlers by multistream-select.
 */
package p2p.node.host;
