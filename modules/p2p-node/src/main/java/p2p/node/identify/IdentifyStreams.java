package p2p.node.identify;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.CompletableFuture;
import p2p.node.host.IdentifyInfo;
import p2p.node.wire.Varint;
import p2p.node.wire.VarintFrameDecoder;

/**
 * The stream side of identify: one varint-length-prefixed {@link IdentifyCodec} message per stream, written then
 * closed by the sender (spec: "the peer that receives the stream writes the message and closes it"; push: "the
 * pushing peer writes and closes"). Both methods must run on the stream's event loop right after the multistream
 * negotiation, before the peer's bytes reach the pipeline tail.
 */
public final class IdentifyStreams {
    /** The identify protocol: the side accepting the stream answers. */
    public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
    /** The push protocol: the side opening the stream sends. */
    public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";

    private IdentifyStreams() {
    }

    /** Writes {@code info} as one length-prefixed message, then closes the stream (FIN). */
    public static ChannelFuture write(Channel stream, IdentifyInfo info) {
        byte[] body = IdentifyCodec.encode(info);
        ByteBuf out = Unpooled.buffer(Varint.size(body.length) + body.length);
        Varint.write(out, body.length);
        out.writeBytes(body);
        return stream.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Reads one identify message from {@code stream}. The future fails with {@link IdentifyException} (or the
     * decoder's {@link p2p.common.wire.ProtocolException}) when the message is malformed or the stream ends first; the
     * stream is closed either way once the message is read.
     */
    public static CompletableFuture<IdentifyInfo> read(Channel stream) {
        CompletableFuture<IdentifyInfo> result = new CompletableFuture<>();
        stream.pipeline().addLast("identify-frame", new VarintFrameDecoder(IdentifyCodec.MAX_MESSAGE_BYTES));
        stream.pipeline().addLast("identify-reader", new Reader(result));
        return result;
    }

    /** Completes the future with the first frame, decoded; anything else ends the stream with an error. */
    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<IdentifyInfo> result;

        Reader(CompletableFuture<IdentifyInfo> result) {
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                if (!result.isDone()) {
                    result.complete(IdentifyCodec.decode(ByteBufUtil.getBytes(frame)));
                }
            } catch (IdentifyException e) {
                result.completeExceptionally(e);
            } finally {
                frame.release();
            }
            ctx.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                result.completeExceptionally(new IdentifyException("identify stream ended before a message"));
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IdentifyException("identify stream closed before a message"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause instanceof IdentifyException ? cause
                    : new IdentifyException("identify stream failed: " + cause.getMessage(), cause));
            ctx.close();
        }
    }
}
