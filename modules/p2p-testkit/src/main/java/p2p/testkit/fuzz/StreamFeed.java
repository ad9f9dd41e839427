package p2p.testkit.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.ArrayList;
import java.util.List;

/**
 * Feeds bytes to a Netty pipeline (an {@link EmbeddedChannel} holding a stream decoder) in a given chunking, the
 * way TCP may split them, and checks the stream half of the hostile-input contract: the pipeline either keeps
 * going, closes the channel or raises an exception (which the caller checks against the codec's own types); and
 * afterwards every buffer written in and every message read out has been released.
 *
 * <p>Channels made by {@link #channel} and the input buffers use a heap allocator with leak detection: heap, so that
 * what the decoder buffers shows in the thread's allocated bytes ({@link Hostile}); leak-aware, so that Netty's leak
 * detector (set to PARANOID by {@link #paranoid()}) tracks every buffer besides the explicit reference-count checks.
 */
public final class StreamFeed {

    /** Heap buffers, leak-aware (the allocator wraps each one for the leak detector). */
    public static final ByteBufAllocator HEAP = new UnpooledByteBufAllocator(false, false);

    private StreamFeed() {
    }

    /**
     * @param handlers the pipeline under test, added in order after the allocator is set
     * @return an active embedded channel whose buffers come from {@link #HEAP}
     */
    public static EmbeddedChannel channel(ChannelHandler... handlers) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(HEAP);
        channel.pipeline().addLast(handlers);
        return channel;
    }

    /** The level {@link #paranoid()} replaced, put back by {@link #restoreLeakDetection()}. */
    private static volatile ResourceLeakDetector.Level levelBefore;

    /**
     * Turns Netty's leak detector to PARANOID: every buffer is tracked, leaks are logged as errors. The level is
     * global to the JVM, and the module's other tests share it: call {@link #restoreLeakDetection()} after the class.
     */
    public static synchronized void paranoid() {
        if (levelBefore == null) {
            levelBefore = ResourceLeakDetector.getLevel();
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    /**
     * Puts back the level {@link #paranoid()} found. Left at PARANOID, every buffer operation of the tests that run
     * next in the same JVM records a stack trace: the 100 x 4 MiB interop streams then ran for tens of minutes.
     */
    public static synchronized void restoreLeakDetection() {
        if (levelBefore != null) {
            ResourceLeakDetector.setLevel(levelBefore);
            levelBefore = null;
        }
    }

    /** @return chunk sizes, 1 to 64 bytes each; the last size repeats until the input is used up */
    public static Arbitrary<List<Integer>> chunkings() {
        return Arbitraries.integers().between(1, 64).list().ofMinSize(1).ofMaxSize(16);
    }

    /**
     * What the pipeline did with the bytes.
     *
     * @param messages how many inbound messages came out (already released)
     * @param error the exception the pipeline raised, or null
     * @param closed whether the channel was closed when feeding stopped
     */
    public record Result(int messages, Throwable error, boolean closed) {
    }

    /**
     * Writes {@code bytes} in chunks, stopping at the first exception or when the channel closes, then finishes the
     * channel and releases what is left.
     *
     * @param channel the pipeline under test
     * @param bytes the input
     * @param chunks the chunk sizes
     * @return what happened
     * @throws AssertionError when a buffer was not released
     */
    public static Result feed(EmbeddedChannel channel, byte[] bytes, List<Integer> chunks) {
        return feed(channel, bytes, chunks, () -> { });
    }

    /**
     * As {@link #feed(EmbeddedChannel, byte[], List)}, running {@code beforeFinish} after the last chunk and before
     * the channel is finished (closing it), to look at the state the input left.
     *
     * @param channel the pipeline under test
     * @param bytes the input
     * @param chunks the chunk sizes
     * @param beforeFinish checks on the state the input left
     * @return what happened
     */
    public static Result feed(EmbeddedChannel channel, byte[] bytes, List<Integer> chunks, Runnable beforeFinish) {
        List<ByteBuf> written = new ArrayList<>();
        int messages = 0;
        Throwable error = null;
        int pos = 0;
        int chunk = 0;
        try {
            while (pos < bytes.length && channel.isOpen()) {
                int size = Math.min(bytes.length - pos, chunks.get(Math.min(chunk++, chunks.size() - 1)));
                ByteBuf buf = HEAP.buffer(size);
                buf.writeBytes(bytes, pos, size);
                pos += size;
                written.add(buf);
                channel.writeInbound(buf);
                messages += drain(channel);
            }
        } catch (Throwable t) { // the caller checks the type against the codec's own
            error = t;
        }
        boolean closed = !channel.isOpen();
        beforeFinish.run();
        try {
            channel.finishAndReleaseAll();
        } catch (Throwable t) {
            if (error == null) {
                error = t;
            }
        }
        messages += drain(channel);
        for (ByteBuf buf : written) {
            if (buf.refCnt() != 0) {
                throw new AssertionError("an input buffer was not released (refCnt " + buf.refCnt() + ")");
            }
        }
        return new Result(messages, error, closed);
    }

    private static int drain(EmbeddedChannel channel) {
        int n = 0;
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            ReferenceCountUtil.release(msg);
            n++;
        }
        return n;
    }
}
