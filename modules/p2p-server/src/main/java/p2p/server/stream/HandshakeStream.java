package p2p.server.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.StreamHandler;

/**
 * The direct stream protocol {@value #PROTOCOL_ID} (spec section 2.7): one JSON handshake message per stream,
 * written then closed by the sender; the receiver reads to EOF (the peer's FIN). Nothing is ever written back. Go
 * sets no limit, so a sender that never closes pins its handler for ever; here a stream is cut after
 * {@code maxBytes} or when it has not ended within {@code readTimeout}, and an empty one is nothing to do.
 */
public final class HandshakeStream {
    /** Teranode's direct stream protocol id (its user agent). */
    public static final String PROTOCOL_ID = "teranode/bitcoin/1.0.0";

    /** What a served stream delivers. Called on the stream's event loop: must not block. */
    public interface Receiver {
        /** The whole payload the peer wrote before its FIN (never empty). */
        void received(PeerId from, byte[] payload);

        /** The peer wrote more than the limit; the stream has been closed. */
        void oversized(PeerId from, int limit);

        /** The peer did not end its message within the read timeout; the stream has been closed. */
        void timedOut(PeerId from, Duration timeout);
    }

    private HandshakeStream() {
    }

    /** A stream handler that collects up to {@code maxBytes} and passes them on at EOF, if within {@code readTimeout}. */
    public static StreamHandler handler(int maxBytes, Duration readTimeout, Receiver receiver) {
        if (maxBytes < 1 || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("direct stream limits must be positive, got " + maxBytes + " bytes and "
                    + readTimeout);
        }
        return (stream, peer) -> {
            Collector collector = new Collector(peer, maxBytes, receiver);
            stream.pipeline().addLast(collector);
            ScheduledFuture<?> timer = stream.eventLoop().schedule(() -> collector.timeout(stream, readTimeout),
                    readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            stream.closeFuture().addListener(closed -> timer.cancel(false));
        };
    }

    /** Opens a stream to {@code peer}, writes {@code payload} and closes it; completes once the bytes are written. */
    public static CompletableFuture<Void> send(P2PNode node, PeerId peer, byte[] payload) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.newStream(peer, PROTOCOL_ID).whenComplete((stream, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            writeAndClose(stream, payload, done);
        });
        return done;
    }

    private static void writeAndClose(Channel stream, byte[] payload, CompletableFuture<Void> done) {
        stream.writeAndFlush(Unpooled.wrappedBuffer(payload)).addListener(write -> {
            // close() sends FIN after the data: that FIN is the reader's EOF.
            stream.close();
            if (write.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(write.cause());
            }
        });
    }

    /** Accumulates one stream's bytes; owned by the stream's event loop. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        private final PeerId peer;
        private final int maxBytes;
        private final Receiver receiver;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean finished;

        Collector(PeerId peer, int maxBytes, Receiver receiver) {
            this.peer = peer;
            this.maxBytes = maxBytes;
            this.receiver = receiver;
        }

        /** Runs on the stream's event loop when the read timeout expires. */
        void timeout(Channel stream, Duration readTimeout) {
            if (!finished) {
                finished = true;
                stream.close();
                receiver.timedOut(peer, readTimeout);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                if (finished) {
                    return;
                }
                if (buffer.size() + bytes.readableBytes() > maxBytes) {
                    finished = true;
                    ctx.close();
                    receiver.oversized(peer, maxBytes);
                    return;
                }
                bytes.readBytes(buffer, bytes.readableBytes());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                bytes.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && !finished) {
                finished = true;
                ctx.close();
                if (buffer.size() > 0) {
                    receiver.received(peer, buffer.toByteArray());
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A reset or a broken connection: the message never completed, so nothing is delivered.
            finished = true;
            ctx.close();
        }
    }
}
