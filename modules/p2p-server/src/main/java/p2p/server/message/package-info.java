/**
 * The JSON payloads of the five gossip topics (spec section 3), one record per message with {@code encode()} and a
 * Go-tolerant {@code decode(byte[])} that throws {@link p2p.server.message.MalformedMessageException}.
 */
package p2p.server.message;
