package p2p.node.pubsub.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.PeerId;
import p2p.node.host.Streams;
import p2p.node.pubsub.PubsubInbound;

/**
 * The end of an inbound pubsub stream's pipeline (after {@link p2p.node.wire.VarintFrameDecoder}): hands each RPC
 * frame to the router and turns framing errors (bad varint, oversized length) into a protocol violation, which
 * drops the peer. The stream is reset on any error.
 */
final class PubsubFrameHandler extends ChannelInboundHandlerAdapter {
    private final PeerId peer;
    private final PubsubInbound router;
    /** Set at the first error: the decoder may fail again on the same bytes while the stream closes. */
    private boolean failed;

    PubsubFrameHandler(PeerId peer, PubsubInbound router) {
        this.peer = peer;
        this.router = router;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (failed) {
                return;
            }
            byte[] payload = new byte[frame.readableBytes()];
            frame.readBytes(payload);
            router.frameReceived(peer, payload);
        } finally {
            frame.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        ProtocolException violation = protocolCause(cause);
        if (violation != null) {
            router.protocolViolation(peer, violation.getMessage());
        } else {
            System.getLogger(PubsubFrameHandler.class.getName()).log(System.Logger.Level.DEBUG,
                    "pubsub stream from " + peer + " failed", cause);
        }
        Streams.reset(ctx.channel());
    }

    private static ProtocolException protocolCause(Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        return t instanceof ProtocolException p ? p : null;
    }
}
