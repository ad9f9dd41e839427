/**
 * yamux ({@code /yamux/1.0.0}): the stream multiplexer of libp2p connections.
 *
 * <p>Wire format: {@link p2p.node.yamux.YamuxFrame} and {@link p2p.node.yamux.YamuxFrameCodec}. Session state, flow
 * control, keepalive and GO_AWAY: {@link p2p.node.yamux.YamuxSession}, installed at the tail of a connection's
 * pipeline. Each stream is a Netty child {@link io.netty.channel.Channel} ({@link p2p.node.yamux.YamuxStreamChannel})
 * so per-stream protocols are ordinary pipeline handlers.
 *
 * <p>Specification: <a href="https://github.com/libp2p/specs/blob/master/yamux/README.md">libp2p yamux</a> and
 * <a href="https://github.com/hashicorp/yamux/blob/master/spec.md">hashicorp/yamux spec.md</a>.
 */
package p2p.node.yamux;
