package p2p.node.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One yamux session on an {@link EmbeddedChannel}: the test plays the peer frame by frame, injecting frames as bytes
 * and reading back what the session wrote.
 */
final class EmbeddedYamux {
    /** Every instance of the running test, so {@link #releaseAll()} can free what the test left behind. */
    private static final List<EmbeddedYamux> LIVE = new ArrayList<>();

    final EmbeddedChannel connection = new EmbeddedChannel();
    final YamuxSession session;
    final List<Channel> accepted = new ArrayList<>();
    private final EmbeddedChannel decoder = new EmbeddedChannel(new YamuxFrameDecoder(Integer.MAX_VALUE));
    private final EmbeddedChannel encoder = new EmbeddedChannel(new YamuxFrameEncoder());

    EmbeddedYamux(boolean initiator, YamuxConfig config, Consumer<Channel> inbound) {
        LIVE.add(this);
        session = YamuxSession.install(connection, initiator, config, ch -> {
            accepted.add(ch);
            inbound.accept(ch);
        });
        // The session pings once at start to sample the RTT; the tests that care look at it themselves.
        List<YamuxFrame> start = written();
        assertEquals(1, start.size(), "one RTT ping at start: " + start);
        assertEquals(YamuxType.PING, start.getFirst().type());
    }

    EmbeddedYamux(boolean initiator, YamuxConfig config) {
        this(initiator, config, ch -> { });
    }

    /** Feeds a frame as the peer would send it. */
    void inject(YamuxFrame frame) {
        encoder.writeOutbound(frame);
        ByteBuf bytes = encoder.readOutbound();
        connection.writeInbound(bytes);
    }

    /** Feeds raw bytes as the peer would send them. */
    void injectBytes(ByteBuf bytes) {
        connection.writeInbound(bytes);
    }

    /**
     * Every frame the session wrote since the last call, in order. DATA payloads are copied to unpooled heap buffers
     * (the pooled originals are released here), so a test may ignore them.
     */
    List<YamuxFrame> written() {
        connection.runPendingTasks();
        List<YamuxFrame> frames = new ArrayList<>();
        ByteBuf out;
        while ((out = connection.readOutbound()) != null) {
            decoder.writeInbound(out);
        }
        YamuxFrame frame;
        while ((frame = decoder.readInbound()) != null) {
            if (frame.data() != null) {
                byte[] payload = ByteBufUtil.getBytes(frame.data());
                frame.data().release();
                frame = YamuxFrame.data(frame.streamId(), frame.flags(), Unpooled.wrappedBuffer(payload));
            }
            frames.add(frame);
        }
        return frames;
    }

    /** Closes every instance made since the last call and releases whatever is still buffered. */
    static void releaseAll() {
        for (EmbeddedYamux y : LIVE) {
            y.connection.close();
            y.written();
            y.connection.finishAndReleaseAll();
            y.decoder.finishAndReleaseAll();
            y.encoder.finishAndReleaseAll();
        }
        LIVE.clear();
    }

    /** The single frame written since the last call. */
    YamuxFrame writtenOne() {
        List<YamuxFrame> frames = written();
        assertEquals(1, frames.size(), "expected one frame, got " + frames);
        return frames.getFirst();
    }

    /** Opens a stream, which must succeed at once on the embedded loop. */
    YamuxStreamChannel open(Consumer<Channel> initializer) {
        var future = session.openStream(initializer);
        connection.runPendingTasks();
        assertTrue(future.isDone(), "openStream completes on the event loop");
        return (YamuxStreamChannel) future.join();
    }

    /** Releases every DATA payload in {@code frames}. */
    static void release(List<YamuxFrame> frames) {
        for (YamuxFrame f : frames) {
            if (f.data() != null) {
                f.data().release();
            }
        }
    }
}
