package p2p.node.pubsub.netty;

import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import p2p.node.crypto.PeerId;
import p2p.node.pubsub.PubsubPeerLink;

/**
 * A {@link PubsubPeerLink} over our long-lived outbound pubsub stream to a peer. Each RPC is written with its
 * varint length by the pipeline's {@link p2p.node.wire.VarintFrameEncoder}; the frames not yet written (for
 * instance while the yamux send window is exhausted) are counted so the router can bound them.
 *
 * <p>The router sends from its own thread. Rather than one event-loop task and one flush per RPC (each flush is a
 * Noise message, a pnet pass and a socket write), RPCs queue here and one drain task per burst writes all of them
 * and flushes once: under load the frames of a burst share Noise messages and system calls.
 */
final class ChannelPeerLink implements PubsubPeerLink {
    private final PeerId peer;
    private final String protocolId;
    private final Channel stream;
    private final Runnable onClose;
    /** Written by the router's loop (send) and the stream's event loop (write completion). */
    private final AtomicInteger pending = new AtomicInteger();
    /** RPCs sent and not yet handed to the stream: filled by the router, emptied by the event loop. */
    private final Queue<Frame> queued = new ConcurrentLinkedQueue<>();
    /** Whether a drain task is on its way to the event loop; the sender that sets it submits the task. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    ChannelPeerLink(PeerId peer, String protocolId, Channel stream, Runnable onClose) {
        this.peer = peer;
        this.protocolId = protocolId;
        this.stream = stream;
        this.onClose = onClose;
    }

    @Override
    public PeerId peer() {
        return peer;
    }

    @Override
    public String protocolId() {
        return protocolId;
    }

    /** One queued RPC, the id of the message it carries (null for control RPCs) and the future of its write. */
    private record Frame(byte[] rpc, ByteString messageId, CompletableFuture<Void> written) {
    }

    @Override
    public CompletableFuture<Void> send(byte[] rpc) {
        return enqueue(new Frame(rpc, null, new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> sendMessage(byte[] rpc, ByteString messageId) {
        return enqueue(new Frame(rpc, messageId, new CompletableFuture<>()));
    }

    @Override
    public boolean cancel(ByteString messageId) {
        for (Frame frame : queued) {
            // remove() is atomic against the drain's poll(): exactly one of them gets the frame
            if (messageId.equals(frame.messageId) && queued.remove(frame)) {
                pending.decrementAndGet();
                frame.written.complete(null);
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<Void> enqueue(Frame frame) {
        pending.incrementAndGet();
        queued.add(frame);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                stream.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                // the node is stopping: the stream and its frames go with it
                Frame dropped;
                while ((dropped = queued.poll()) != null) {
                    pending.decrementAndGet();
                    dropped.written.completeExceptionally(shuttingDown);
                }
            }
        }
        return frame.written;
    }

    /** On the event loop: writes every queued RPC, then flushes once. */
    private void drain() {
        // Cleared before polling: an RPC queued after the last poll schedules the next drain itself.
        drainScheduled.set(false);
        Frame frame;
        while ((frame = queued.poll()) != null) {
            CompletableFuture<Void> written = frame.written;
            stream.write(Unpooled.wrappedBuffer(frame.rpc)).addListener(future -> {
                pending.decrementAndGet();
                if (future.isSuccess()) {
                    written.complete(null);
                } else {
                    written.completeExceptionally(future.cause());
                }
            });
        }
        stream.flush();
    }

    @Override
    public int pendingFrames() {
        return pending.get();
    }

    @Override
    public void close(String reason) {
        stream.close();
        onClose.run();
    }

    Channel stream() {
        return stream;
    }
}
