package p2p.node.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes a connection carries on the wire (before decryption, after encryption) and when it last did.
 * Sits first in the pipeline of every connection; counters are read from any thread.
 */
public final class TrafficCounter extends ChannelDuplexHandler {
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile Instant lastReceive;
    private volatile Instant lastSend;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bytesIn.addAndGet(buf.readableBytes());
            lastReceive = Instant.now();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            bytesOut.addAndGet(buf.readableBytes());
            lastSend = Instant.now();
        }
        ctx.write(msg, promise);
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    /** When bytes last arrived, or null if none have. */
    public Instant lastReceive() {
        return lastReceive;
    }

    /** When bytes were last written, or null if none have been. */
    public Instant lastSend() {
        return lastSend;
    }
}
