package p2p.node.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Honours a relay's {@link RelayLimit} on one relayed connection (circuit-v2.md, "Limit"): closes it when the time
 * is up or when either direction has carried the data limit, with a log line naming the relay, instead of leaving
 * the relay to reset it mid-message. Sits first on the relayed stream, below the connection's Noise layer, so it
 * counts what the relay counts.
 */
final class RelayLimitHandler extends ChannelDuplexHandler {
    private static final Logger LOG = Logger.getLogger(RelayLimitHandler.class.getName());

    private final RelayLimit limit;
    private final String description;
    private long received;
    private long sent;
    private ScheduledFuture<?> timer;

    private RelayLimitHandler(RelayLimit limit, String description) {
        this.limit = limit;
        this.description = description;
    }

    /** Adds the handler to {@code stream} when {@code limit} limits anything; call on the stream's event loop. */
    static void install(Channel stream, RelayLimit limit, String description) {
        if (limit.isLimited()) {
            stream.pipeline().addLast("relay-limit", new RelayLimitHandler(limit, description));
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        limit.duration().ifPresent(d -> timer = ctx.executor().schedule(() -> {
            LOG.fine(() -> description + ": the relay's time limit of " + d.toSeconds() + " s is up; closing");
            ctx.close();
        }, d.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            received += buf.readableBytes();
            if (over(received)) {
                buf.release();
                LOG.fine(() -> description + ": received the relay's data limit of " + limit.dataBytes().getAsLong()
                        + " bytes; closing");
                ctx.close();
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            sent += buf.readableBytes();
            if (over(sent)) {
                buf.release();
                LOG.fine(() -> description + ": sending would pass the relay's data limit of "
                        + limit.dataBytes().getAsLong() + " bytes; closing");
                promise.tryFailure(new IOException(description + " reached the relay's " + limit));
                ctx.close();
                return;
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    private boolean over(long bytes) {
        return limit.dataBytes().isPresent() && bytes > limit.dataBytes().getAsLong();
    }
}
