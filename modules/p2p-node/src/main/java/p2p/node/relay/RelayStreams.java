package p2p.node.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2p.node.wire.Varint;

/**
 * The framing of /hop and /stop: each message is prefixed with its unsigned-varint length and capped at
 * {@link CircuitCodec#MAX_MESSAGE_BYTES}. After the last message of the handshake the stream becomes the raw byte pipe
 * of the relayed connection, so {@link #readOne} reads exactly one message and then removes itself: the bytes that
 * follow it in the same read go to whatever the caller added to the pipeline when the future completed.
 */
final class RelayStreams {
    private RelayStreams() {
    }

    static ChannelFuture write(Channel stream, byte[] body) {
        ByteBuf out = Unpooled.buffer(Varint.size(body.length) + body.length);
        Varint.write(out, body.length);
        out.writeBytes(body);
        return stream.writeAndFlush(out);
    }

    /**
     * Reads one message body from {@code stream}; call on its event loop before the peer's bytes can reach the tail.
     * The future completes on the event loop, before the reader leaves the pipeline, so its callbacks can install the
     * next layer in time. It fails with {@link RelayProtocolException} for an oversized or malformed prefix, or when
     * the stream ends first.
     */
    static CompletableFuture<byte[]> readOne(Channel stream, String what) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        stream.pipeline().addLast("relay-message", new OneMessage(result, what));
        return result;
    }

    private static final class OneMessage extends ByteToMessageDecoder {
        private final CompletableFuture<byte[]> result;
        private final String what;

        OneMessage(CompletableFuture<byte[]> result, String what) {
            this.result = result;
            this.what = what;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (result.isDone()) {
                return;
            }
            int start = in.readerIndex();
            long length;
            try {
                length = Varint.read(in);
            } catch (RuntimeException e) {
                throw new RelayProtocolException(what + ": bad length prefix: " + e.getMessage(), e);
            }
            if (length == Varint.INCOMPLETE) {
                return;
            }
            if (length > CircuitCodec.MAX_MESSAGE_BYTES) {
                in.skipBytes(in.readableBytes());
                throw new RelayProtocolException(what + ": message of " + length + " bytes exceeds the limit of "
                        + CircuitCodec.MAX_MESSAGE_BYTES);
            }
            if (in.readableBytes() < length) {
                in.readerIndex(start);
                return;
            }
            byte[] body = ByteBufUtil.getBytes(in, in.readerIndex(), (int) length);
            in.skipBytes((int) length);
            // Complete first: the callbacks add the next handlers behind this one. Removing this one then hands the
            // bytes that followed the message on to them (Netty passes a removed decoder's remaining bytes on).
            result.complete(body);
            if (!ctx.isRemoved()) {
                ctx.pipeline().remove(this);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof ChannelInputShutdownEvent && !result.isDone()) {
                result.completeExceptionally(new RelayProtocolException(what + ": stream ended before a message"));
                ctx.close();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            result.completeExceptionally(new IOException(what + ": stream closed before a message"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable reason = cause.getCause() instanceof RelayProtocolException rpe ? rpe : cause;
            result.completeExceptionally(reason);
            ctx.close();
        }
    }
}
