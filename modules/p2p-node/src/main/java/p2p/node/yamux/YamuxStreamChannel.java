package p2p.node.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * One yamux stream as a Netty child {@link io.netty.channel.Channel} of the connection channel, on the connection's
 * event loop (the shape of Netty's {@code Http2StreamChannel}). Reading delivers {@link ByteBuf}s; writing sends DATA
 * frames; {@link #shutdownOutput()} sends FIN; {@link #close()} sends FIN, or RST when unread data would be lost
 * (TCP's rule); a RST from the peer fires {@link YamuxStreamResetException} and closes the channel.
 *
 * <p>Flow control (spec "Flow Control"): received bytes count against the window granted to the peer and are
 * credited back with WINDOW_UPDATE only once handed to the pipeline, so with {@code autoRead} off and no
 * {@code read()} the peer is held at its window. Written bytes leave in DATA frames while the peer's window allows
 * and wait in a send queue otherwise. A write completes once its bytes are in that queue (as a socket write completes
 * once the kernel holds them); {@link #isWritable()} is false while the peer's window is 0, while the queue is above
 * the write-buffer high-water mark, or while the connection itself is not writable. FIN is an entry at the end of the
 * queue, so it always follows every byte written before it.
 *
 * <p>All state is owned by the event loop.
 */
public final class YamuxStreamChannel extends AbstractChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    /** User-defined writability bits of the outbound buffer. */
    private static final int WINDOW_WRITABILITY = 1;
    private static final int PARENT_WRITABILITY = 2;
    private static final int QUEUE_WRITABILITY = 3;

    private final YamuxSession session;
    private final long streamId;
    private final YamuxStreamChannelConfig config;
    /** Netty's outbound buffer, kept because close() detaches it from the unsafe before {@link #doClose()} runs. */
    private final ChannelOutboundBuffer outbound;

    // send side
    private final ArrayDeque<ByteBuf> sendQueue = new ArrayDeque<>();
    private long queuedBytes;
    private long sendWindow = YamuxConfig.SPEC_INITIAL_WINDOW;
    private boolean finQueued;
    private boolean finSent;
    private boolean flushing;

    // receive side
    private final ArrayDeque<ByteBuf> receiveQueue = new ArrayDeque<>();
    private long bufferedBytes;
    private long receiveWindow;
    private long windowTarget;
    private long consumedSinceUpdate;
    private long lastUpdateNanos = System.nanoTime();
    private boolean finReceived;
    private boolean inputShutdownDelivered;
    private boolean readPending;
    private boolean inReadLoop;

    // lifecycle
    private boolean open = true;
    private boolean localClosed;
    private boolean reset;
    private boolean removed;

    YamuxStreamChannel(YamuxSession session, long streamId) {
        super(session.parentChannel(), DefaultChannelId.newInstance());
        this.session = session;
        this.streamId = streamId;
        this.config = new YamuxStreamChannelConfig(this);
        this.receiveWindow = session.config().initialWindow();
        this.windowTarget = receiveWindow;
        this.outbound = unsafe().outboundBuffer();
    }

    /** The yamux stream id: odd when the dialler opened it, even when the listener did. */
    public long streamId() {
        return streamId;
    }

    /** The session this stream belongs to. */
    public YamuxSession session() {
        return session;
    }

    /** Half-closes the stream: FIN is sent after everything written so far; reading goes on. */
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    /** Half-closes the stream, completing {@code promise} once FIN is queued behind the data written so far. */
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            ((AbstractUnsafe) unsafe()).shutdownOutput(promise);
        } else {
            loop.execute(() -> ((AbstractUnsafe) unsafe()).shutdownOutput(promise));
        }
        return promise;
    }

    /**
     * Aborts the stream: queued data is dropped, RST tells the peer, and the channel closes. For a protocol-level
     * failure on this stream only; the session and its other streams go on.
     */
    public ChannelFuture reset() {
        ChannelPromise promise = newPromise();
        EventLoop loop = eventLoop();
        Runnable task = () -> {
            abort(true, null);
            promise.trySuccess();
        };
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
        return promise;
    }

    /** Whether our side has half-closed (FIN queued or sent). */
    public boolean isOutputShutdown() {
        return finQueued;
    }

    /** Whether the peer's FIN has been delivered to the pipeline. */
    public boolean isInputShutdown() {
        return inputShutdownDelivered;
    }

    // ---- events from the session (event loop) ----

    /** Peer's DATA payload: ownership passes here, except when this throws (the caller then releases it). */
    void onData(ByteBuf data) {
        int length = data.readableBytes();
        if (reset) {
            data.release();
            return;
        }
        if (length > receiveWindow) {
            throw new YamuxProtocolException("yamux stream " + streamId + " received " + length
                    + " bytes with only " + receiveWindow + " bytes of window left");
        }
        receiveWindow -= length;
        if (length == 0) {
            data.release(); // an empty DATA frame only carries flags (some peers send FIN this way)
            return;
        }
        if (localClosed || finReceived) {
            // Nobody will read it: tell the peer to stop, as TCP does for data arriving on a closed socket.
            data.release();
            abort(true, finReceived ? "received data after the peer's FIN" : "received data after being closed");
            return;
        }
        receiveQueue.add(data);
        bufferedBytes += length;
        if (readPending) {
            readLoop();
        }
    }

    /** Peer's WINDOW_UPDATE delta. */
    void onWindowUpdate(long delta) {
        if (delta == 0 || reset) {
            return;
        }
        if (sendWindow + delta > YamuxFrame.MAX_UINT32) {
            throw new YamuxProtocolException("yamux stream " + streamId + " window update of " + delta
                    + " overflows the send window of " + sendWindow + " past 2^32-1");
        }
        sendWindow += delta;
        flushSend();
    }

    /** Peer's FIN: it will send no more data. */
    void onFin() {
        if (reset || finReceived) {
            return;
        }
        finReceived = true;
        removeIfDone();
        if (readPending) {
            readLoop();
        }
    }

    /** Peer's RST, or the session going down: abort the stream without sending anything. */
    void onReset(String reason) {
        abort(false, reason);
    }

    /**
     * Ends the stream at once: drops both queues, optionally tells the peer with RST, and closes the channel if the
     * application still has it open, first firing a {@link YamuxStreamResetException} with {@code reason} unless the
     * application asked for the reset itself ({@code reason == null}).
     */
    private void abort(boolean sendRst, String reason) {
        if (reset) {
            return;
        }
        reset = true;
        releaseQueues();
        if (sendRst) {
            session.writeFrame(YamuxFrame.windowUpdate(streamId, YamuxFlags.RST, 0));
            session.flush();
        }
        if (!removed) {
            removed = true;
            session.streamRemoved(this);
        }
        if (open) {
            if (reason != null) {
                pipeline().fireExceptionCaught(new YamuxStreamResetException("yamux stream " + streamId + " "
                        + reason));
            }
            unsafe().close(unsafe().voidPromise());
        }
    }

    /** The connection's writability changed. */
    void onParentWritabilityChanged(boolean writable) {
        if (!isRegistered()) {
            return; // doRegister() reads the parent's writability; announcing it needs an event loop
        }
        outbound.setUserDefinedWritability(PARENT_WRITABILITY, writable);
    }

    // ---- sending ----

    /**
     * Sends queued data while the peer's window allows, then FIN once the queue is empty. Re-entrant calls (a
     * writability callback that writes or closes) only add to the queue; the outer loop sends what they added.
     */
    private void flushSend() {
        if (flushing || reset) {
            return;
        }
        flushing = true;
        boolean wrote = false;
        try {
            do {
                wrote |= drainSendQueue();
                updateWritability();
            } while (!reset && hasSendableWork());
        } finally {
            flushing = false;
        }
        if (wrote) {
            session.flush();
        }
        removeIfDone();
    }

    private boolean hasSendableWork() {
        return (!sendQueue.isEmpty() && sendWindow > 0) || (sendQueue.isEmpty() && finQueued && !finSent);
    }

    private boolean drainSendQueue() {
        boolean wrote = false;
        int maxPayload = session.config().maxSendPayload();
        while (!sendQueue.isEmpty() && sendWindow > 0) {
            ByteBuf head = sendQueue.peek();
            int chunk = (int) Math.min(Math.min(head.readableBytes(), sendWindow), maxPayload);
            ByteBuf payload = chunk == head.readableBytes() ? sendQueue.poll() : head.readRetainedSlice(chunk);
            queuedBytes -= chunk;
            sendWindow -= chunk;
            session.writeFrame(YamuxFrame.data(streamId, 0, payload));
            wrote = true;
        }
        if (sendQueue.isEmpty() && finQueued && !finSent) {
            finSent = true;
            session.writeFrame(YamuxFrame.windowUpdate(streamId, YamuxFlags.FIN, 0));
            wrote = true;
        }
        return wrote;
    }

    private void updateWritability() {
        if (!open || finQueued || !isRegistered()) {
            return; // nobody writes any more, or nobody can be told yet (doRegister() and the first write catch up)
        }
        outbound.setUserDefinedWritability(WINDOW_WRITABILITY, sendWindow > 0);
        if (queuedBytes > config.getWriteBufferHighWaterMark()) {
            outbound.setUserDefinedWritability(QUEUE_WRITABILITY, false);
        } else if (queuedBytes < config.getWriteBufferLowWaterMark()) {
            outbound.setUserDefinedWritability(QUEUE_WRITABILITY, true);
        }
    }

    /** Once both sides have sent FIN no frame can arrive for this stream any more: the session forgets it. */
    private void removeIfDone() {
        if (!removed && finSent && finReceived) {
            removed = true;
            session.streamRemoved(this);
        }
    }

    // ---- receiving ----

    /** Hands queued data to the pipeline while a read is requested, then credits the peer's window. */
    private void readLoop() {
        if (inReadLoop) {
            return;
        }
        inReadLoop = true;
        try {
            while (readPending && open && (!receiveQueue.isEmpty() || (finReceived && !inputShutdownDelivered))) {
                readPending = false;
                long delivered = 0;
                ByteBuf buf;
                while ((buf = receiveQueue.poll()) != null) {
                    int length = buf.readableBytes();
                    bufferedBytes -= length;
                    delivered += length;
                    pipeline().fireChannelRead(buf);
                }
                if (delivered > 0) {
                    consumed(delivered);
                    pipeline().fireChannelReadComplete();
                }
                if (receiveQueue.isEmpty() && finReceived && !inputShutdownDelivered && open) {
                    deliverInputShutdown();
                }
            }
        } finally {
            inReadLoop = false;
        }
    }

    private void deliverInputShutdown() {
        inputShutdownDelivered = true;
        if (config.isAllowHalfClosure()) {
            pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        } else {
            close();
        }
    }

    /**
     * Credits {@code bytes} back to the peer once at least half the window was consumed (as go-yamux and js-libp2p
     * do, to avoid one WINDOW_UPDATE per read). When a whole window was consumed within a few round trips the
     * reader keeps up with the link, so the window doubles, up to {@link YamuxConfig#maxWindow()}.
     */
    private void consumed(long bytes) {
        consumedSinceUpdate += bytes;
        if (finReceived || reset || consumedSinceUpdate < windowTarget / 2) {
            return;
        }
        long now = System.nanoTime();
        long rtt = session.rttNanos();
        long growth = 0;
        if (rtt > 0 && now - lastUpdateNanos < 4 * rtt && windowTarget < session.config().maxWindow()) {
            growth = Math.min(windowTarget, session.config().maxWindow() - windowTarget);
            windowTarget += growth;
        }
        long delta = consumedSinceUpdate + growth;
        consumedSinceUpdate = 0;
        lastUpdateNanos = now;
        receiveWindow += delta;
        session.writeFrame(YamuxFrame.windowUpdate(streamId, 0, delta));
        session.flush();
    }

    void clearReadPending() {
        readPending = false;
    }

    private void releaseQueues() {
        ByteBuf buf;
        while ((buf = sendQueue.poll()) != null) {
            buf.release();
        }
        while ((buf = receiveQueue.poll()) != null) {
            buf.release();
        }
        queuedBytes = 0;
        bufferedBytes = 0;
    }

    // ---- AbstractChannel ----

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new StreamUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    @Override
    protected SocketAddress localAddress0() {
        return parent().localAddress();
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return parent().remoteAddress();
    }

    @Override
    protected void doRegister() {
        // Not in the constructor: a writability change is announced on the event loop, known only from here on.
        outbound.setUserDefinedWritability(PARENT_WRITABILITY, parent().isWritable());
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a yamux stream cannot be bound");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        if (!open) {
            return;
        }
        open = false;
        localClosed = true;
        if (reset) {
            return;
        }
        if (bufferedBytes > 0) {
            // Unread data would be lost silently: reset, as TCP does when a socket closes with unread input.
            abort(true, "closed with unread data");
            return;
        }
        // Writes made before close, flushed or not (one flushed while a flush was running, from a writability
        // callback fired inside doWrite, is still in Netty's buffer), were meant to go before FIN.
        outbound.addFlush();
        takeFlushed(outbound);
        finQueued = true;
        flushSend();
    }

    @Override
    protected void doShutdownOutput() {
        if (!finQueued && !reset) {
            // Writes made before the shutdown, flushed or not, were meant to go before FIN.
            outbound.addFlush();
            takeFlushed(outbound);
            finQueued = true;
            flushSend();
        }
    }

    @Override
    protected void doBeginRead() {
        readPending = true;
        readLoop();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf) {
            return msg;
        }
        throw new UnsupportedOperationException("a yamux stream writes ByteBuf only, got " + msg.getClass().getName());
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        takeFlushed(in);
        flushSend();
    }

    /**
     * Moves every flushed write from Netty's buffer to the send queue; the writes complete. A write that arrives after
     * FIN or a reset fails its promise: dropping it quietly would lose data without anyone knowing.
     */
    private void takeFlushed(ChannelOutboundBuffer in) {
        Object msg;
        while ((msg = in.current()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            int length = buf.readableBytes();
            if (reset || finQueued) {
                in.remove(new ClosedChannelException());
                continue;
            }
            if (length > 0) {
                sendQueue.add(buf.retain());
                queuedBytes += length;
            }
            in.remove();
        }
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public String toString() {
        return "YamuxStream[" + streamId + " on " + parent() + "]";
    }

    private final class StreamUnsafe extends AbstractUnsafe {
        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("a yamux stream is opened by its session"));
        }
    }
}
