package p2p.node.yamux;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A yamux session over one connection: the handler at the tail of the connection's pipeline, below which the layers
 * that produce plaintext sit (pnet, Noise). It routes frames to {@link YamuxStreamChannel}s, opens and accepts streams,
 * answers and sends PINGs (keepalive, RTT), and sends GO_AWAY when the connection closes.
 *
 * <p>Stream ids are odd for the dialler ({@code initiator}) and even for the listener (spec "Stream Identifiers").
 * The peer may open at most {@link YamuxConfig#maxStreams()} concurrent streams; one more is reset. A protocol error
 * (a frame for a stream never opened, a duplicate SYN, data beyond the window, a window past 2^32-1, a malformed
 * header) ends the session: GO_AWAY with the protocol-error code, then the connection closes; other connections are
 * unaffected.
 *
 * <p>Spec: <a href="https://github.com/libp2p/specs/blob/master/yamux/README.md">libp2p yamux</a>. All state is owned
 * by the connection's event loop; the public methods may be called from any thread.
 */
public final class YamuxSession extends ChannelDuplexHandler {
    /** The multistream-select protocol id of this muxer. */
    public static final String PROTOCOL_ID = "/yamux/1.0.0";
    /** Pipeline name of the frame codec. */
    public static final String CODEC_NAME = "yamux-codec";
    /** Pipeline name of the session handler. */
    public static final String HANDLER_NAME = "yamux";

    private static final Logger LOG = Logger.getLogger(YamuxSession.class.getName());

    private final Channel parent;
    private final boolean initiator;
    private final YamuxConfig config;
    private final Consumer<Channel> inboundStreamInitializer;

    // Owned by the event loop.
    private final Map<Long, YamuxStreamChannel> streams = new HashMap<>();
    private final Map<Long, PendingPing> pings = new HashMap<>();
    private ChannelHandlerContext ctx;
    private long nextOutboundId;
    private long highestInboundId;
    private int inboundStreams;
    private int outboundStreams;
    private long nextPingId;
    private PendingPing keepAlivePing;
    private ScheduledFuture<?> keepAliveTask;
    private boolean started;
    private boolean goAwaySent;
    private boolean closed;

    // Read from any thread.
    private volatile long rttNanos;
    private volatile long remoteGoAwayCode = -1;

    private YamuxSession(Channel parent, boolean initiator, YamuxConfig config,
                         Consumer<Channel> inboundStreamInitializer) {
        this.parent = parent;
        this.initiator = initiator;
        this.config = config;
        this.inboundStreamInitializer = inboundStreamInitializer;
        this.nextOutboundId = initiator ? 1 : 2;
    }

    /**
     * Adds the yamux codec and session at the tail of {@code parent}'s pipeline. Call it once {@value #PROTOCOL_ID}
     * has been agreed (multistream-select), with the layers below already decrypting: the session writes its first
     * PING at once. Bytes already read past the negotiation must be passed on to the pipeline after this call.
     *
     * @param parent                   the connection, already secured (its pipeline yields plaintext)
     * @param initiator                whether this side dialled the connection (it then opens odd stream ids)
     * @param config                   the session settings
     * @param inboundStreamInitializer called with each stream the peer opens, before it is registered, to add its
     *                                 handlers (data may follow at once)
     * @return the session
     */
    public static YamuxSession install(Channel parent, boolean initiator, YamuxConfig config,
                                       Consumer<Channel> inboundStreamInitializer) {
        YamuxSession session = new YamuxSession(parent, initiator, config, inboundStreamInitializer);
        parent.pipeline().addLast(CODEC_NAME, new YamuxFrameCodec(config.maxWindow()));
        parent.pipeline().addLast(HANDLER_NAME, session);
        return session;
    }

    /** Opens a stream with no handlers yet; prefer {@link #openStream(Consumer)} when the peer may write first. */
    public CompletableFuture<Channel> openStream() {
        return openStream(channel -> { });
    }

    /**
     * Opens a stream: sends SYN and completes with the stream channel once registered. {@code initializer} adds the
     * stream's handlers before registration, so nothing the peer sends can arrive before them.
     */
    public CompletableFuture<Channel> openStream(Consumer<Channel> initializer) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        inEventLoop(() -> openStream0(initializer, result), result);
        return result;
    }

    /** Sends a PING and completes with the round-trip time when the ACK arrives. */
    public CompletableFuture<Duration> ping() {
        CompletableFuture<Duration> result = new CompletableFuture<>();
        inEventLoop(() -> {
            if (closed || ctx == null) {
                result.completeExceptionally(new IllegalStateException("yamux session is closed"));
                return;
            }
            PendingPing ping = sendPing();
            flush();
            ping.future.whenComplete((rtt, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(Duration.ofNanos(rtt));
                }
            });
        }, result);
        return result;
    }

    /** Sends GO_AWAY (normal): the peer opens no more streams, ours refuse new ones, existing streams go on. */
    public void goAway() {
        parent.eventLoop().execute(() -> {
            if (!goAwaySent && ctx != null && !closed) {
                goAwaySent = true;
                ctx.writeAndFlush(YamuxFrame.goAway(YamuxGoAwayCode.NORMAL), ctx.voidPromise());
            }
        });
    }

    /** Closes the session: GO_AWAY (normal), then the connection. */
    public ChannelFuture close() {
        return parent.close();
    }

    /** The connection this session multiplexes. */
    public Channel parentChannel() {
        return parent;
    }

    /** Whether this side dialled the connection. */
    public boolean isInitiator() {
        return initiator;
    }

    /** The settings of this session. */
    public YamuxConfig config() {
        return config;
    }

    /** The last measured round-trip time, or {@link Duration#ZERO} before the first PING was answered. */
    public Duration rtt() {
        return Duration.ofNanos(rttNanos);
    }

    /** The GO_AWAY code the peer sent, or -1 if it has sent none. */
    public long remoteGoAwayCode() {
        return remoteGoAwayCode;
    }

    /** Number of streams the session still routes frames to (both directions); call on the event loop. */
    public int streamCount() {
        return streams.size();
    }

    // ---- for YamuxStreamChannel ----

    long rttNanos() {
        return rttNanos;
    }

    void writeFrame(YamuxFrame frame) {
        if (closed || ctx == null) {
            ReferenceCountUtil.release(frame.data());
            return;
        }
        ctx.write(frame, ctx.voidPromise());
    }

    void flush() {
        if (!closed && ctx != null) {
            ctx.flush();
        }
    }

    void streamRemoved(YamuxStreamChannel stream) {
        if (streams.remove(stream.streamId(), stream)) {
            if (isOutbound(stream.streamId())) {
                outboundStreams--;
            } else {
                inboundStreams--;
            }
        }
    }

    // ---- pipeline events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (started || closed) {
            return;
        }
        started = true;
        sendPing(); // first RTT sample, for window auto-tuning
        ctx.flush();
        if (!config.keepAliveInterval().isZero()) {
            long nanos = config.keepAliveInterval().toNanos();
            keepAliveTask = ctx.executor().scheduleAtFixedRate(this::keepAlive, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof YamuxFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closed) {
            ReferenceCountUtil.release(frame.data());
            return;
        }
        try {
            handleFrame(frame);
        } catch (YamuxProtocolException e) {
            protocolError(e);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        for (YamuxStreamChannel stream : new ArrayList<>(streams.values())) {
            stream.onParentWritabilityChanged(writable);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        shutDown("closed: the connection is gone");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof YamuxProtocolException protocolError) {
            protocolError(protocolError);
            return;
        }
        // An I/O error is the peer or the network going away; anything else is a bug worth a stack trace.
        LOG.log(cause instanceof java.io.IOException ? Level.FINE : Level.WARNING,
                "yamux session with " + parent.remoteAddress() + " failed; closing", cause);
        closeWithGoAway(YamuxGoAwayCode.INTERNAL_ERROR);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        // Tell the peer before the connection goes (spec "GoAway"); then close whatever the write's outcome.
        if (!goAwaySent && ctx.channel().isActive() && ctx.channel().isWritable()) {
            goAwaySent = true;
            ctx.writeAndFlush(YamuxFrame.goAway(YamuxGoAwayCode.NORMAL))
                    .addListener((ChannelFutureListener) f -> ctx.close(promise));
        } else {
            ctx.close(promise);
        }
    }

    // ---- frames ----

    private void handleFrame(YamuxFrame frame) {
        switch (frame.type()) {
            case PING -> handlePing(frame);
            case GO_AWAY -> handleGoAway(frame);
            case DATA, WINDOW_UPDATE -> {
                try {
                    handleStreamFrame(frame);
                } catch (YamuxProtocolException e) {
                    // Every path that throws leaves the payload unconsumed.
                    ReferenceCountUtil.release(frame.data());
                    throw e;
                }
            }
        }
    }

    private void handlePing(YamuxFrame frame) {
        if (frame.has(YamuxFlags.SYN)) {
            ctx.writeAndFlush(YamuxFrame.ping(YamuxFlags.ACK, frame.length()), ctx.voidPromise());
        } else if (frame.has(YamuxFlags.ACK)) {
            PendingPing ping = pings.remove(frame.length());
            if (ping != null) {
                long rtt = System.nanoTime() - ping.sentNanos;
                rttNanos = Math.max(rtt, 1);
                if (ping == keepAlivePing) {
                    keepAlivePing = null;
                }
                ping.future.complete(rtt);
            }
        }
    }

    private void handleGoAway(YamuxFrame frame) {
        remoteGoAwayCode = frame.length();
        Level level = frame.length() == YamuxGoAwayCode.NORMAL ? Level.FINE : Level.WARNING;
        LOG.log(level, () -> "yamux peer " + parent.remoteAddress() + " sent GO_AWAY ("
                + YamuxGoAwayCode.name(frame.length()) + ")");
    }

    private void handleStreamFrame(YamuxFrame frame) {
        long id = frame.streamId();
        if (id == 0) {
            throw new YamuxProtocolException("yamux " + frame.type() + " frame on the session stream id 0");
        }
        YamuxStreamChannel stream = streams.get(id);
        if (frame.has(YamuxFlags.SYN)) {
            if (stream != null) {
                throw new YamuxProtocolException("yamux peer sent a duplicate SYN for open stream " + id);
            }
            if (isOutbound(id)) {
                throw new YamuxProtocolException("yamux peer opened stream " + id + ", an id of "
                        + (initiator ? "the dialler" : "the listener") + " (us)");
            }
            stream = acceptStream(id);
            if (stream == null) {
                ReferenceCountUtil.release(frame.data());
                return;
            }
        } else if (stream == null) {
            if (!wasOpened(id)) {
                throw new YamuxProtocolException("yamux " + frame.type() + " frame for stream " + id
                        + ", which was never opened");
            }
            ReferenceCountUtil.release(frame.data());
            return; // a frame that crossed our RST or the stream's end: harmless
        }
        if (frame.type() == YamuxType.WINDOW_UPDATE) {
            stream.onWindowUpdate(frame.length());
        } else {
            stream.onData(frame.data());
        }
        if (frame.has(YamuxFlags.FIN)) {
            stream.onFin();
        }
        if (frame.has(YamuxFlags.RST)) {
            stream.onReset("reset by the peer");
        }
    }

    private YamuxStreamChannel acceptStream(long id) {
        highestInboundId = Math.max(highestInboundId, id);
        if (goAwaySent) {
            writeFrame(YamuxFrame.windowUpdate(id, YamuxFlags.RST, 0));
            flush();
            return null;
        }
        if (inboundStreams >= config.maxStreams()) {
            LOG.fine(() -> "yamux peer " + parent.remoteAddress() + " opened stream " + id + " beyond maxStreams "
                    + config.maxStreams() + "; resetting it");
            writeFrame(YamuxFrame.windowUpdate(id, YamuxFlags.RST, 0));
            flush();
            return null;
        }
        YamuxStreamChannel stream = new YamuxStreamChannel(this, id);
        streams.put(id, stream);
        inboundStreams++;
        writeFrame(YamuxFrame.windowUpdate(id, YamuxFlags.ACK, config.initialWindow() - YamuxConfig.SPEC_INITIAL_WINDOW));
        flush();
        try {
            inboundStreamInitializer.accept(stream);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "yamux inbound stream initializer failed; resetting stream " + id, e);
            streamRemoved(stream);
            writeFrame(YamuxFrame.windowUpdate(id, YamuxFlags.RST, 0));
            flush();
            return null;
        }
        parent.eventLoop().register(stream).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.log(Level.WARNING, "yamux inbound stream " + id + " could not be registered; resetting it",
                        f.cause());
                stream.reset();
            }
        });
        return stream;
    }

    private void openStream0(Consumer<Channel> initializer, CompletableFuture<Channel> result) {
        String refusal = closed || ctx == null ? "the session is closed"
                : goAwaySent ? "this side sent GO_AWAY"
                : remoteGoAwayCode >= 0 ? "the peer sent GO_AWAY (" + YamuxGoAwayCode.name(remoteGoAwayCode) + ")"
                : outboundStreams >= config.maxStreams() ? "maxStreams (" + config.maxStreams() + ") streams are open"
                : nextOutboundId > YamuxFrame.MAX_UINT32 ? "stream ids are exhausted"
                : null;
        if (refusal != null) {
            result.completeExceptionally(new IllegalStateException("cannot open a yamux stream: " + refusal));
            return;
        }
        long id = nextOutboundId;
        nextOutboundId += 2;
        YamuxStreamChannel stream = new YamuxStreamChannel(this, id);
        try {
            initializer.accept(stream);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        streams.put(id, stream);
        outboundStreams++;
        writeFrame(YamuxFrame.windowUpdate(id, YamuxFlags.SYN, config.initialWindow() - YamuxConfig.SPEC_INITIAL_WINDOW));
        flush();
        parent.eventLoop().register(stream).addListener(f -> {
            if (f.isSuccess()) {
                result.complete(stream);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
    }

    // ---- pings ----

    private PendingPing sendPing() {
        long opaque = nextPingId;
        nextPingId = (nextPingId + 1) & YamuxFrame.MAX_UINT32;
        PendingPing ping = new PendingPing(System.nanoTime(), new CompletableFuture<>());
        pings.put(opaque, ping);
        writeFrame(YamuxFrame.ping(YamuxFlags.SYN, opaque));
        return ping;
    }

    private void keepAlive() {
        if (closed) {
            return;
        }
        if (keepAlivePing != null) {
            LOG.fine(() -> "yamux peer " + parent.remoteAddress() + " left a keepalive PING unanswered for "
                    + config.keepAliveInterval() + "; closing");
            closeWithGoAway(YamuxGoAwayCode.NORMAL);
            return;
        }
        keepAlivePing = sendPing();
        flush();
    }

    // ---- teardown ----

    private void protocolError(YamuxProtocolException e) {
        LOG.warning(() -> "yamux protocol error from " + parent.remoteAddress() + ": " + e.getMessage());
        closeWithGoAway(YamuxGoAwayCode.PROTOCOL_ERROR);
    }

    private void closeWithGoAway(long code) {
        if (closed) {
            return;
        }
        if (!goAwaySent && parent.isActive()) {
            goAwaySent = true;
            ctx.writeAndFlush(YamuxFrame.goAway(code)).addListener((ChannelFutureListener) f -> ctx.close());
        } else {
            ctx.close();
        }
        shutDown("closed: the session ended");
    }

    /** Marks the session closed and aborts every stream still routed; idempotent. */
    private void shutDown(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (keepAliveTask != null) {
            keepAliveTask.cancel(false);
        }
        IllegalStateException pingFailure = new IllegalStateException("yamux session " + reason);
        for (PendingPing ping : pings.values()) {
            ping.future.completeExceptionally(pingFailure);
        }
        pings.clear();
        for (Iterator<YamuxStreamChannel> it = new ArrayList<>(streams.values()).iterator(); it.hasNext(); ) {
            it.next().onReset(reason);
        }
        streams.clear();
    }

    private boolean isOutbound(long id) {
        return (id & 1) == (initiator ? 1 : 0);
    }

    /** Whether a stream with this id existed at some point (so a late frame for it is no error). */
    private boolean wasOpened(long id) {
        return isOutbound(id) ? id < nextOutboundId : id <= highestInboundId;
    }

    private <T> void inEventLoop(Runnable task, CompletableFuture<T> result) {
        try {
            if (parent.eventLoop().inEventLoop()) {
                task.run();
            } else {
                parent.eventLoop().execute(task);
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private record PendingPing(long sentNanos, CompletableFuture<Long> future) {
    }
}
