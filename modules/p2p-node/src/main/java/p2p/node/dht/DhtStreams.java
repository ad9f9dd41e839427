package p2p.node.dht;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.host.Streams;
import p2p.node.wire.VarintFrameDecoder;
import p2p.node.wire.VarintFrameEncoder;

/**
 * kad-dht on a libp2p stream (a Netty {@link Channel} after multistream agreed on the protocol): each message is an
 * unsigned-varint length followed by the protobuf, at most {@link DhtProtocol#MAX_MESSAGE_BYTES}. The opener sends one
 * request and reads one response ({@link #request}); the server answers every request on the stream until the peer
 * closes it or stays idle ({@link #serve}). A malformed or oversized message resets the stream; the connection and
 * every other stream go on. Both methods must run on the stream's event loop before the peer's bytes arrive
 * (inside the host's stream handler or stream initializer).
 */
public final class DhtStreams {
    private static final Logger LOG = Logger.getLogger(DhtStreams.class.getName());
    /** How long a served stream may stay idle between requests (go-libp2p closes idle DHT streams after a minute). */
    public static final Duration SERVER_IDLE_TIMEOUT = Duration.ofMinutes(1);

    private DhtStreams() {
    }

    /** Answers the requests {@code remote} sends on {@code stream} with {@code handler}. */
    public static void serve(Channel stream, PeerId remote, DhtMessageCodec codec, DhtNetwork.DhtRequestHandler handler,
                             Duration idleTimeout) {
        stream.pipeline().addLast("dht-idle", new ReadTimeoutHandler(idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        stream.pipeline().addLast("dht-frame", new VarintFrameDecoder(DhtProtocol.MAX_MESSAGE_BYTES));
        stream.pipeline().addLast("dht-prefix", VarintFrameEncoder.INSTANCE);
        stream.pipeline().addLast("dht-server", new Server(remote, codec, handler));
    }

    /**
     * Sends {@code request} on a fresh {@code stream} and completes with the response (null for types without one,
     * once the request is written). The stream is closed afterwards; on a malformed answer it is reset. Fails with
     * {@link TimeoutException} when nothing comes within {@code timeout}.
     */
    public static CompletableFuture<DhtMessage> request(Channel stream, DhtMessageCodec codec, DhtMessage request,
                                                        Duration timeout) {
        CompletableFuture<DhtMessage> result = new CompletableFuture<>();
        ScheduledFuture<?> timer = stream.eventLoop().schedule(() -> {
            if (result.completeExceptionally(new TimeoutException("no DHT " + request.type() + " response within "
                    + timeout))) {
                reset(stream);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> timer.cancel(false));
        boolean answered = DhtProtocol.expectsResponse(request.type());
        if (answered) {
            stream.pipeline().addLast("dht-frame", new VarintFrameDecoder(DhtProtocol.MAX_MESSAGE_BYTES));
            stream.pipeline().addLast("dht-client", new Client(codec, result));
        }
        stream.pipeline().addLast("dht-prefix", VarintFrameEncoder.INSTANCE);
        stream.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(request))).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                stream.close();
            } else if (!answered) {
                result.complete(null);
                stream.close();
            }
        });
        return result;
    }

    private static void reset(Channel stream) {
        Streams.reset(stream);
    }

    /** Server side: one response per request frame. */
    private static final class Server extends ChannelInboundHandlerAdapter {
        private final PeerId remote;
        private final DhtMessageCodec codec;
        private final DhtNetwork.DhtRequestHandler handler;

        Server(PeerId remote, DhtMessageCodec codec, DhtNetwork.DhtRequestHandler handler) {
            this.remote = remote;
            this.codec = codec;
            this.handler = handler;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            DhtMessage response;
            try {
                response = handler.handle(remote, codec.decode(ByteBufUtil.getBytes(frame)));
            } finally {
                frame.release();
            }
            if (response != null) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(response)));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                // the peer sent its last request; answers already written are flushed before the FIN
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.fine(() -> "DHT stream from " + remote + " reset: " + cause);
            reset(ctx.channel());
        }
    }

    /** Client side: the first frame is the response. */
    private static final class Client extends ChannelInboundHandlerAdapter {
        private final DhtMessageCodec codec;
        private final CompletableFuture<DhtMessage> result;

        Client(DhtMessageCodec codec, CompletableFuture<DhtMessage> result) {
            this.codec = codec;
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                result.complete(codec.decode(ByteBufUtil.getBytes(frame)));
                ctx.close();
            } finally {
                frame.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                result.completeExceptionally(new DhtProtocolException("DHT stream ended before a response"));
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new DhtProtocolException("DHT stream closed before a response"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            reset(ctx.channel());
        }
    }
}
