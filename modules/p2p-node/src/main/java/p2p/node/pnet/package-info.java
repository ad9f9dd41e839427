/**
 * Private networks (libp2p pnet PSK v1): the pre-shared key, the XSalsa20 stream cipher (our own, word-at-a-time) and
 * the connection handler that applies it.
 */
package p2p.node.pnet;
