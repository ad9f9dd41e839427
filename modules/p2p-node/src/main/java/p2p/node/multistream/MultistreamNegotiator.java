package p2p.node.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2p.common.wire.ProtocolException;
import p2p.node.wire.Varint;

/**
 * Shared life cycle of the two multistream-select roles: a temporary handler at the tail of a pipeline that reads
 * the peer's header, then hands each further message to the role, and when the role settles a protocol:
 * <ol>
 *   <li>completes the future, so dependents running on the event loop can add the next handlers behind it;</li>
 *   <li>removes itself, which makes {@link ByteToMessageDecoder} fire any bytes that followed the last
 *       negotiation message on to those handlers (the peer may pipeline its first protocol bytes).</li>
 * </ol>
 * Any protocol violation fails the future and closes the channel (the connection or the yamux stream).
 */
abstract class MultistreamNegotiator extends ByteToMessageDecoder {
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private boolean started;
    private boolean headerReceived;

    CompletableFuture<String> result() {
        return result;
    }

    /** Called once the channel is active: the role writes its opening messages. */
    abstract void onStart(ChannelHandlerContext ctx);

    /** Called for each message after the peer's header; the role answers, or calls {@link #succeed}. */
    abstract void onMessage(ChannelHandlerContext ctx, String message);

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            result.completeExceptionally(new MultistreamException("channel closed before multistream negotiation"));
        } else if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (!started) {
            started = true;
            onStart(ctx);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            while (!result.isDone()) {
                if (!headerReceived && !checkHeaderLength(in)) {
                    return;
                }
                String message = MultistreamCodec.read(in);
                if (message == null) {
                    return;
                }
                if (!headerReceived) {
                    if (!message.equals(MultistreamCodec.PROTOCOL_ID)) {
                        throw new NotMultistreamException("peer opened with \"" + message + "\" instead of "
                                + MultistreamCodec.PROTOCOL_ID);
                    }
                    headerReceived = true;
                } else {
                    onMessage(ctx, message);
                }
            }
        } catch (ProtocolException e) {
            in.skipBytes(in.readableBytes());
            MultistreamException failure = e instanceof MultistreamException m ? m
                    : new MultistreamException(e.getMessage(), e);
            if (!headerReceived && !(failure instanceof NotMultistreamException)) {
                // Anything malformed before the header (a non-minimal varint, a body without newline) is as much
                // "not multistream" as a wrong header: on a private network, the sign of another key.
                failure = new NotMultistreamException("peer did not open with " + MultistreamCodec.PROTOCOL_ID
                        + ": " + e.getMessage());
            }
            fail(ctx, failure);
        }
    }

    /**
     * The first message must be the header, whose length is known: anything else fails at once instead of waiting
     * for a body that may never come. This is what makes a wrong pnet key fail fast: the peer's bytes decrypt to
     * noise, whose first byte is almost never the header length.
     */
    private static boolean checkHeaderLength(ByteBuf in) {
        long length = MultistreamCodec.peekLength(in);
        if (length == Varint.INCOMPLETE) {
            return false;
        }
        if (length != MultistreamCodec.HEADER_BODY_BYTES) {
            throw new NotMultistreamException("peer did not open with " + MultistreamCodec.PROTOCOL_ID
                    + " (first message length " + length + ", expected " + MultistreamCodec.HEADER_BODY_BYTES + ")");
        }
        return true;
    }

    /**
     * Writes messages in one buffer without flushing. A failed write fails the negotiation; once it is over (the
     * channel is closing) write failures are expected and dropped rather than logged at the pipeline's tail.
     */
    void write(ChannelHandlerContext ctx, String... messages) {
        int size = 0;
        for (String m : messages) {
            size += MultistreamCodec.encodedSize(m);
        }
        ByteBuf buf = ctx.alloc().buffer(size);
        for (String m : messages) {
            MultistreamCodec.write(buf, m);
        }
        ctx.write(buf).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                fail(ctx, new MultistreamException("multistream write failed: " + f.cause(), f.cause()));
            }
        });
    }

    void succeed(ChannelHandlerContext ctx, String protocol) {
        ctx.flush();
        result.complete(protocol);
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }

    void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (result.completeExceptionally(cause)) {
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        // Answers written while decoding one batch of reads leave in one packet.
        ctx.flush();
        super.channelReadComplete(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        super.userEventTriggered(ctx, evt);
        if (evt instanceof ChannelInputShutdownEvent && !result.isDone()) {
            fail(ctx, new MultistreamException("peer closed its side during multistream negotiation"));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        result.completeExceptionally(new MultistreamException("channel closed during multistream negotiation"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (result.isDone()) {
            ctx.fireExceptionCaught(cause);
        } else {
            fail(ctx, new MultistreamException("multistream negotiation failed: " + cause.getMessage(), cause));
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        result.completeExceptionally(new MultistreamException("multistream handler removed before the negotiation ended"));
    }
}
