package p2p.node.ping;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import p2p.common.wire.ProtocolException;

/**
 * Both sides of {@code /ipfs/ping/1.0.0}. The responder echoes every 32-byte payload for as long as the stream
 * stays open; the initiator sends one payload per {@link #ping} call and checks that the same bytes come back.
 * Install either right after the multistream negotiation, on the stream's event loop.
 */
public final class PingProtocol {
    public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
    /** Payload size fixed by the spec. */
    public static final int PAYLOAD_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PingProtocol() {
    }

    /** Makes {@code stream} echo each 32-byte payload it receives. */
    public static void respond(Channel stream) {
        stream.pipeline().addLast("ping-frame", new FixedLengthFrameDecoder(PAYLOAD_BYTES));
        stream.pipeline().addLast("ping-echo", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                // The initiator half-closed: nothing more to echo.
                if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
                    ctx.close();
                }
                ctx.fireUserEventTriggered(evt);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
    }

    /**
     * Sends one ping on {@code stream} and completes with the round-trip time; the stream is closed afterwards.
     * Fails with {@link ProtocolException} when different bytes come back, or when the stream closes first.
     */
    public static CompletableFuture<Duration> ping(Channel stream) {
        byte[] payload = new byte[PAYLOAD_BYTES];
        RANDOM.nextBytes(payload);
        CompletableFuture<Duration> result = new CompletableFuture<>();
        stream.pipeline().addLast("ping-frame", new FixedLengthFrameDecoder(PAYLOAD_BYTES));
        stream.pipeline().addLast("ping-check", new ChannelInboundHandlerAdapter() {
            private final long sentAt = System.nanoTime();

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf echo = (ByteBuf) msg;
                try {
                    if (Arrays.equals(payload, ByteBufUtil.getBytes(echo))) {
                        result.complete(Duration.ofNanos(System.nanoTime() - sentAt));
                    } else {
                        result.completeExceptionally(new ProtocolException("ping echo differs from the payload sent"));
                    }
                } finally {
                    echo.release();
                }
                ctx.close();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                result.completeExceptionally(new ProtocolException("ping stream closed before the echo"));
                ctx.fireChannelInactive();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                result.completeExceptionally(cause);
                ctx.close();
            }
        });
        // A copy: the payload stays ours to compare, whatever the layers below do with the buffer.
        stream.writeAndFlush(Unpooled.copiedBuffer(payload)).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                stream.close();
            }
        });
        return result;
    }
}
