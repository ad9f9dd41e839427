package p2p.node.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Instant;

/**
 * Counts the bytes a connection carries on the wire (before decryption, after encryption) and when it last did,
 * into the connection's own totals and the transport-wide ones. Sits first in the pipeline of every connection;
 * counters are read from any thread.
 */
public final class TrafficCounter extends ChannelDuplexHandler {
    private final TrafficTotals connection = new TrafficTotals();
    private final TrafficTotals transport;

    /** @param transport the totals of every connection of the transport, added to as well */
    public TrafficCounter(TrafficTotals transport) {
        this.transport = transport;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            Instant now = Instant.now();
            connection.received(buf.readableBytes(), now);
            transport.received(buf.readableBytes(), now);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            Instant now = Instant.now();
            connection.sent(buf.readableBytes(), now);
            transport.sent(buf.readableBytes(), now);
        }
        ctx.write(msg, promise);
    }

    public long bytesIn() {
        return connection.bytesIn();
    }

    public long bytesOut() {
        return connection.bytesOut();
    }

    /** When bytes last arrived, or null if none have. */
    public Instant lastReceive() {
        return connection.lastReceive();
    }

    /** When bytes were last written, or null if none have been. */
    public Instant lastSend() {
        return connection.lastSend();
    }
}
