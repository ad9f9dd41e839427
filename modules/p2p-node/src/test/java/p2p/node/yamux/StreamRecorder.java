package p2p.node.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a stream's pipeline sees, in order: the bytes read, the peer's FIN, exceptions, the channel's end.
 * Thread-safe so a test thread may look while the event loop writes.
 */
final class StreamRecorder extends ChannelInboundHandlerAdapter {
    /** Events in arrival order: "data", "fin", "exception:<class>", "inactive". */
    final List<String> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<byte[]> finished = new CompletableFuture<>();
    final CompletableFuture<Throwable> exception = new CompletableFuture<>();
    final CompletableFuture<Void> inactive = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /** Bytes received when the peer's FIN arrived, or -1. */
    volatile long bytesAtFin = -1;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            synchronized (bytes) {
                buf.readBytes(bytes, buf.readableBytes());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } finally {
            buf.release();
        }
        if (events.isEmpty() || !events.getLast().equals("data")) {
            events.add("data");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            events.add("fin");
            bytesAtFin = size();
            finished.complete(bytes());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        events.add("exception:" + cause.getClass().getSimpleName());
        exception.complete(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        events.add("inactive");
        finished.complete(bytes());
        inactive.complete(null);
        ctx.fireChannelInactive();
    }

    byte[] bytes() {
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }

    long size() {
        synchronized (bytes) {
            return bytes.size();
        }
    }
}
