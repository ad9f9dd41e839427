package p2p.node.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import p2p.node.crypto.PeerId;
import p2p.node.yamux.YamuxStreamChannel;

/**
 * The test protocols the js harness also serves (src/test/js/node.mjs): {@code /test/echo/1.0.0} writes back
 * everything and half-closes after the peer did; {@code /test/sink/1.0.0} reads to EOF and answers with the byte
 * count in decimal. Plus the client sides.
 */
public final class TestProtocols {
    public static final String ECHO = "/test/echo/1.0.0";
    public static final String SINK = "/test/sink/1.0.0";
    public static final int CHUNK = 64 * 1024;

    private TestProtocols() {
    }

    /** Registers both test protocols on {@code node}. */
    public static void serve(P2PNode node) {
        node.setStreamHandler(ECHO, TestProtocols::echo);
        node.setStreamHandler(SINK, TestProtocols::sink);
    }

    static void echo(Channel stream, PeerId peer) {
        stream.pipeline().addLast("echo", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof ChannelInputShutdownEvent) {
                    ((YamuxStreamChannel) ctx.channel()).shutdownOutput();
                }
                ctx.fireUserEventTriggered(evt);
            }
        });
    }

    static void sink(Channel stream, PeerId peer) {
        stream.pipeline().addLast("sink", new ChannelInboundHandlerAdapter() {
            private long total;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                total += buf.readableBytes();
                buf.release();
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof ChannelInputShutdownEvent) {
                    ctx.writeAndFlush(Unpooled.copiedBuffer(Long.toString(total), StandardCharsets.US_ASCII));
                    ((YamuxStreamChannel) ctx.channel()).shutdownOutput();
                }
                ctx.fireUserEventTriggered(evt);
            }
        });
    }

    /** Collects everything the peer sends until it half-closes (or the stream closes). */
    public static CompletableFuture<byte[]> collect(Channel stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        stream.pipeline().addLast("collect", new ChannelInboundHandlerAdapter() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                try {
                    buf.readBytes(out, buf.readableBytes());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    buf.release();
                }
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof ChannelInputShutdownEvent) {
                    result.complete(out.toByteArray());
                    ctx.close();
                }
                ctx.fireUserEventTriggered(evt);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                result.complete(out.toByteArray());
                ctx.fireChannelInactive();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                result.completeExceptionally(cause);
                ctx.close();
            }
        });
        return result;
    }

    /** Writes {@code data} in 64 KiB chunks, then half-closes. */
    public static ChannelFuture sendAndHalfClose(Channel stream, byte[] data) {
        for (int off = 0; off < data.length; off += CHUNK) {
            stream.write(Unpooled.wrappedBuffer(data, off, Math.min(CHUNK, data.length - off)));
        }
        stream.flush();
        return ((YamuxStreamChannel) stream).shutdownOutput();
    }

    /** Writes {@code total} bytes of {@code chunk} repeated (for throughput), then half-closes. */
    public static void sendRepeated(Channel stream, byte[] chunk, long total) {
        Pump pump = new Pump(chunk, total);
        stream.pipeline().addLast("pump", pump);
        stream.eventLoop().execute(() -> pump.pump(stream));
    }

    /**
     * Writes while the stream is writable and resumes when it becomes writable again, so only a little data waits in
     * the send queue: the benchmark measures the stack's flow control, not how fast memory fills.
     */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        private final byte[] chunk;
        private final long total;
        private long sent;

        Pump(byte[] chunk, long total) {
            this.chunk = chunk;
            this.total = total;
        }

        void pump(Channel stream) {
            while (sent < total && stream.isWritable()) {
                int n = (int) Math.min(chunk.length, total - sent);
                sent += n;
                if (sent < total) {
                    stream.write(Unpooled.wrappedBuffer(chunk, 0, n));
                } else {
                    // FIN only once the last chunk is in the stream's queue, behind everything written before it.
                    stream.writeAndFlush(Unpooled.wrappedBuffer(chunk, 0, n))
                            .addListener(f -> ((YamuxStreamChannel) stream).shutdownOutput());
                }
            }
            stream.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && sent < total) {
                // Not inline: this event can fire inside a flush, where a nested flush would be skipped.
                ctx.channel().eventLoop().execute(() -> pump(ctx.channel()));
            }
            ctx.fireChannelWritabilityChanged();
        }
    }
}
