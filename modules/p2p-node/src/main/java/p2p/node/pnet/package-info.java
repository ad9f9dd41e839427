/** Private networks (libp2p pnet PSK v1): the pre-shared key and the XSalsa20 connection handler. */
package p2p.node.pnet;
