/** multistream-select 1.0: protocol negotiation for connections and streams. Entry point: {@link p2p.node.multistream.MultistreamSelect}. */
package p2p.node.multistream;
