/**
 * Multiaddrs: parsing and formatting of the text and binary forms, and the accessors the transport and the
 * discovery code need. Entry point: {@link p2p.node.multiaddr.Multiaddr}.
 */
package p2p.node.multiaddr;
