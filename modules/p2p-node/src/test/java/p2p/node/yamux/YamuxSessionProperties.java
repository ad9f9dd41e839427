package p2p.node.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import p2p.testkit.fuzz.Hostile;
import p2p.testkit.fuzz.StreamFeed;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Hostile-input property of a yamux session (libp2p/specs yamux/README.md), the listener side of a connection fed
 * mutated frame sequences (stream opens, data, window updates, FIN/RST, pings, GO_AWAY) in random chunkings: it
 * serves the streams or ends the session over a protocol error; no exception leaves the pipeline, no buffer leaks,
 * and the session never takes the "anything else is a bug" path (a WARNING from YamuxSession), which would
 * otherwise hide a NullPointerException or the like behind a GO_AWAY. Its memory is bounded by
 * {@link YamuxConfig#maxStreams()} streams of at most {@link YamuxConfig#maxWindow()} bytes each; the property's
 * inputs stay far below, so the check is a few times the input plus the session's fixed cost.
 */
class YamuxSessionProperties {

    private static final Logger SESSION_LOG = Logger.getLogger(YamuxSession.class.getName());
    private static final List<LogRecord> WARNINGS = new ArrayList<>();
    private static final Handler RECORDER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            // Protocol errors are logged too (WARNING, no stack trace): those are the expected answer to hostile
            // frames. The bug path is exceptionCaught's "failed; closing" with the unexpected exception attached.
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && record.getMessage() != null
                    && record.getMessage().endsWith("failed; closing")) {
                synchronized (WARNINGS) {
                    WARNINGS.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeContainer
    static void setUp() {
        StreamFeed.paranoid();
        SESSION_LOG.addHandler(RECORDER);
    }

    @AfterContainer
    static void tearDown() {
        SESSION_LOG.removeHandler(RECORDER);
        StreamFeed.restoreLeakDetection();
    }

    @Property(tries = 3000)
    void listenerSession(@ForAll("sessions") byte[] bytes, @ForAll("chunkings") List<Integer> chunks) {
        EmbeddedChannel connection = StreamFeed.channel();
        YamuxSession.install(connection, false, YamuxConfig.defaults(),
                stream -> stream.pipeline().addLast(new ReleaseAll()));
        connection.outboundMessages().forEach(ReferenceCountUtil::release); // the session's RTT ping
        connection.outboundMessages().clear();
        synchronized (WARNINGS) {
            WARNINGS.clear();
        }
        StreamFeed.Result r = Hostile.decode("YamuxSession", 1024L * 1024 + 64L * bytes.length, List.of(),
                () -> StreamFeed.feed(connection, bytes, chunks, connection::runPendingTasks)).value();
        if (r.error() != null) {
            throw new AssertionError("an exception left the yamux session's pipeline", r.error());
        }
        synchronized (WARNINGS) {
            if (!WARNINGS.isEmpty()) {
                LogRecord w = WARNINGS.getFirst();
                throw new AssertionError("YamuxSession took its bug path: " + w.getMessage(), w.getThrown());
            }
        }
    }

    /** What a stream's protocol handler would do with the bytes: consume and release them. */
    private static final class ReleaseAll extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Provide
    Arbitrary<byte[]> sessions() {
        Arbitrary<Long> ids = Arbitraries.of(1L, 3L, 5L, 2L);
        Arbitrary<YamuxFrame> frames = Arbitraries.oneOf(
                ids.map(id -> YamuxFrame.windowUpdate(id, YamuxFlags.SYN, 0)),
                Combinators.combine(ids, Arbitraries.of(0, YamuxFlags.FIN, YamuxFlags.SYN),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(80))
                        .as((id, flags, data) -> YamuxFrame.data(id, flags, Unpooled.wrappedBuffer(data))),
                Combinators.combine(ids, Arbitraries.longs().between(0, 1 << 20))
                        .as((id, delta) -> YamuxFrame.windowUpdate(id, 0, delta)),
                ids.map(id -> YamuxFrame.windowUpdate(id, YamuxFlags.RST, 0)),
                Arbitraries.longs().between(0, 0xffffffffL).map(o -> YamuxFrame.ping(YamuxFlags.SYN, o)),
                Arbitraries.longs().between(0, 2).map(YamuxFrame::goAway));
        return Hostile.hostile(frames.list().ofMinSize(1).ofMaxSize(8).map(YamuxSessionProperties::encode), 300);
    }

    private static byte[] encode(List<YamuxFrame> frames) {
        ByteBuf out = Unpooled.buffer();
        for (YamuxFrame f : frames) {
            YamuxFrameEncoder.writeHeader(f, out);
            if (f.data() != null) { // not consumed: jqwik may hand the same generated frame to several tries
                out.writeBytes(f.data(), f.data().readerIndex(), f.data().readableBytes());
            }
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return StreamFeed.chunkings();
    }
}
