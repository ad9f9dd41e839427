package p2p.node.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import p2p.testkit.netty.NoNettyLeaks;

/** The session frame by frame: the test is the peer, on an {@code EmbeddedChannel}. */
@ExtendWith(NoNettyLeaks.class)
class YamuxSessionFrameTest {
    private static final int WINDOW = YamuxConfig.SPEC_INITIAL_WINDOW;
    private static final YamuxConfig CONFIG = YamuxConfig.defaults().withKeepAliveInterval(Duration.ZERO);

    @AfterEach
    void releaseBuffers() {
        EmbeddedYamux.releaseAll();
    }

    // ---- opening ----

    @Test
    void diallerOpensOddStreamsWithSyn() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        assertEquals(1, y.open(ch -> { }).streamId());
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0), y.writtenOne());
        assertEquals(3, y.open(ch -> { }).streamId());
        assertEquals(YamuxFrame.windowUpdate(3, YamuxFlags.SYN, 0), y.writtenOne());
    }

    @Test
    void listenerAcceptsWithAckAndOpensEvenStreams() {
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG);
        y.inject(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0));
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.ACK, 0), y.writtenOne());
        assertEquals(1, ((YamuxStreamChannel) y.accepted.getFirst()).streamId());
        assertTrue(y.accepted.getFirst().isActive());
        assertEquals(2, y.open(ch -> { }).streamId());
        assertEquals(YamuxFrame.windowUpdate(2, YamuxFlags.SYN, 0), y.writtenOne());
    }

    @Test
    void largerInitialWindowIsAnnouncedInSynAndAck() {
        YamuxConfig config = CONFIG.withInitialWindow(1024 * 1024);
        EmbeddedYamux dialler = new EmbeddedYamux(true, config);
        dialler.open(ch -> { });
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 1024 * 1024 - WINDOW), dialler.writtenOne());
        EmbeddedYamux listener = new EmbeddedYamux(false, config);
        listener.inject(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0));
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.ACK, 1024 * 1024 - WINDOW), listener.writtenOne());
        // The peer may now send the whole larger window without a protocol error.
        listener.inject(YamuxFrame.data(1, 0, Unpooled.wrappedBuffer(new byte[1024 * 1024])));
        assertTrue(listener.connection.isOpen());
    }

    @Test
    void synCarryingDataDeliversItToTheNewStream() {
        StreamRecorder recorder = new StreamRecorder();
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG, ch -> ch.pipeline().addLast(recorder));
        y.inject(YamuxFrame.data(1, YamuxFlags.SYN, ascii("hello")));
        assertEquals("hello", new String(recorder.bytes(), StandardCharsets.US_ASCII));
    }

    // ---- FIN strictly after queued data ----

    @Test
    void closeWhileDataWaitsForWindowSendsFinAfterTheData() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> { });
        y.written();
        byte[] payload = pattern(WINDOW + 40_000);
        stream.writeAndFlush(Unpooled.wrappedBuffer(payload));
        List<YamuxFrame> first = y.written();
        assertEquals(WINDOW, dataBytes(first), "exactly one window goes out");
        assertFalse(stream.isWritable(), "window exhausted: unwritable");

        stream.close();
        assertTrue(y.written().isEmpty(), "no FIN while data is still queued");

        y.inject(YamuxFrame.windowUpdate(1, 0, 1000));
        List<YamuxFrame> second = y.written();
        assertEquals(1000, dataBytes(second));
        assertFalse(second.stream().anyMatch(f -> f.has(YamuxFlags.FIN)), "FIN waits for the remaining data");

        y.inject(YamuxFrame.windowUpdate(1, 0, WINDOW));
        List<YamuxFrame> third = y.written();
        assertEquals(39_000, dataBytes(third));
        assertFinIsLastAndOnlyAfterData(third);
        assertArrayEquals(payload, concat(first, second, third));
    }

    @Test
    void shutdownOutputWhileDataWaitsForWindowSendsFinAfterTheData() {
        StreamRecorder recorder = new StreamRecorder();
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> ch.pipeline().addLast(recorder));
        y.written();
        byte[] payload = pattern(WINDOW + 5);
        stream.writeAndFlush(Unpooled.wrappedBuffer(payload));
        List<YamuxFrame> first = y.written();
        assertTrue(stream.shutdownOutput().isSuccess());
        assertTrue(stream.isOutputShutdown());
        assertTrue(y.written().isEmpty(), "no FIN while data is still queued");
        assertFalse(stream.writeAndFlush(ascii("late")).isSuccess(), "writing after shutdownOutput fails");

        y.inject(YamuxFrame.windowUpdate(1, 0, 100));
        List<YamuxFrame> second = y.written();
        assertFinIsLastAndOnlyAfterData(second);
        assertArrayEquals(payload, concat(first, second));
        // Half-closed only: the stream still reads.
        y.inject(YamuxFrame.data(1, 0, ascii("reply")));
        assertEquals("reply", new String(recorder.bytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void writesNotYetFlushedAtShutdownOutputGoBeforeFin() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> { });
        y.written();
        ChannelFuture unflushed = stream.write(ascii("written, never flushed"));
        assertTrue(stream.shutdownOutput().isSuccess());
        List<YamuxFrame> frames = y.written();
        assertTrue(unflushed.isSuccess(), "the write made before shutdownOutput is sent, not dropped");
        assertFinIsLastAndOnlyAfterData(frames);
        assertEquals("written, never flushed", new String(concat(frames), StandardCharsets.US_ASCII));
    }

    @Test
    void writeAfterShutdownOutputFailsItsPromiseInsteadOfVanishing() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> { });
        y.written();
        assertTrue(stream.shutdownOutput().isSuccess());
        ChannelFuture late = stream.writeAndFlush(ascii("late"));
        assertFalse(late.isSuccess());
        assertTrue(late.cause() != null, "the writer is told");
    }

    @Test
    void closeFromWritabilityCallbackSendsFinAfterAllQueuedData() {
        byte[] extra = pattern(10_000);
        ByteArrayOutputStream order = new ByteArrayOutputStream();
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            private boolean done;

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                // The pattern of the earlier bug: write more and close at once, inside the callback.
                if (ctx.channel().isWritable() && !done) {
                    done = true;
                    order.writeBytes(extra);
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(extra));
                    ctx.close();
                }
            }
        }));
        y.written();
        byte[] payload = pattern(WINDOW + 37_856);
        stream.writeAndFlush(Unpooled.wrappedBuffer(payload));
        List<YamuxFrame> first = y.written();
        assertFalse(stream.isWritable());

        y.inject(YamuxFrame.windowUpdate(1, 0, WINDOW));
        List<YamuxFrame> second = y.written();
        assertFinIsLastAndOnlyAfterData(second);
        assertEquals(37_856 + extra.length, dataBytes(second));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(payload);
        expected.writeBytes(order.toByteArray());
        assertArrayEquals(expected.toByteArray(), concat(first, second));
        assertFalse(stream.isOpen());
    }

    // ---- flow control ----

    @Test
    void windowIsCreditedOnlyAsTheApplicationReads() {
        StreamRecorder recorder = new StreamRecorder();
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG, ch -> {
            ch.config().setAutoRead(false);
            ch.pipeline().addLast(recorder);
        });
        y.inject(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0));
        y.written();
        Channel stream = y.accepted.getFirst();
        for (int i = 0; i < 4; i++) {
            y.inject(YamuxFrame.data(1, 0, Unpooled.wrappedBuffer(new byte[WINDOW / 4])));
        }
        assertTrue(y.written().isEmpty(), "nothing consumed, so no credit");
        assertEquals(0, recorder.size());

        stream.read();
        assertEquals(WINDOW, recorder.size());
        assertEquals(YamuxFrame.windowUpdate(1, 0, WINDOW), y.writtenOne());

        // Less than half a window consumed: no update yet; crossing half: one update for all of it.
        y.inject(YamuxFrame.data(1, 0, Unpooled.wrappedBuffer(new byte[100_000])));
        stream.read();
        assertTrue(y.written().isEmpty());
        y.inject(YamuxFrame.data(1, 0, Unpooled.wrappedBuffer(new byte[50_000])));
        stream.read();
        assertEquals(YamuxFrame.windowUpdate(1, 0, 150_000), y.writtenOne());
    }

    @Test
    void writabilityFollowsTheSendWindow() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> { });
        y.written();
        assertTrue(stream.isWritable());
        stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[WINDOW]));
        assertEquals(WINDOW, dataBytes(y.written()));
        assertFalse(stream.isWritable(), "window 0");
        y.inject(YamuxFrame.windowUpdate(1, 0, 1));
        assertTrue(stream.isWritable(), "window back above 0");
    }

    @Test
    void dataFramesAreSplitAtMaxFrameSize() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG.withMaxFrameSize(1012));
        YamuxStreamChannel stream = y.open(ch -> { });
        y.written();
        stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[2500]));
        List<YamuxFrame> frames = y.written();
        assertEquals(List.of(1000L, 1000L, 500L), frames.stream().map(YamuxFrame::length).toList());
        EmbeddedYamux.release(frames);
    }

    @Test
    void writabilityFollowsTheConnection() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> { });
        assertTrue(stream.isWritable());
        y.connection.unsafe().outboundBuffer().setUserDefinedWritability(7, false);
        y.connection.runPendingTasks(); // Netty announces user-defined writability changes in a later task
        assertFalse(stream.isWritable());
        y.connection.unsafe().outboundBuffer().setUserDefinedWritability(7, true);
        y.connection.runPendingTasks();
        assertTrue(stream.isWritable());
    }

    @Test
    void streamAcceptedWhileTheConnectionIsUnwritableStartsUnwritable() {
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG);
        y.connection.unsafe().outboundBuffer().setUserDefinedWritability(7, false);
        y.connection.runPendingTasks();
        y.inject(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0));
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.ACK, 0), y.writtenOne());
        assertFalse(y.accepted.getFirst().isWritable());
        assertTrue(y.connection.isOpen());
    }

    // ---- FIN, RST, close ----

    @Test
    void peerFinArrivesAfterBufferedData() {
        StreamRecorder recorder = new StreamRecorder();
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG, ch -> {
            ch.config().setAutoRead(false);
            ch.pipeline().addLast(recorder);
        });
        y.inject(YamuxFrame.data(1, YamuxFlags.SYN, ascii("abc")));
        y.inject(YamuxFrame.data(1, YamuxFlags.FIN, ascii("def")));
        assertTrue(recorder.events.isEmpty(), "nothing before read()");
        y.accepted.getFirst().read();
        assertEquals(List.of("data", "fin"), recorder.events);
        assertEquals(6, recorder.bytesAtFin);
        assertTrue(y.accepted.getFirst().isOpen(), "half-closure is allowed by default");
    }

    @Test
    void peerFinClosesTheStreamWhenHalfClosureIsOff() {
        StreamRecorder recorder = new StreamRecorder();
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG, ch -> {
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
            ch.pipeline().addLast(recorder);
        });
        y.inject(YamuxFrame.data(1, YamuxFlags.SYN | YamuxFlags.FIN, ascii("abc")));
        List<YamuxFrame> frames = y.written();
        assertEquals(List.of("data", "inactive"), recorder.events);
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.ACK, 0), frames.get(0));
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.FIN, 0), frames.get(1));
        assertEquals(0, streamCount(y), "FIN both ways: the session forgets the stream");
    }

    @Test
    void peerResetClosesTheStreamWithAnError() {
        StreamRecorder recorder = new StreamRecorder();
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> ch.pipeline().addLast(recorder));
        stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[WINDOW + 10]));
        y.written();
        y.inject(YamuxFrame.windowUpdate(1, YamuxFlags.RST, 0));
        assertFalse(stream.isOpen());
        assertInstanceOf(YamuxStreamResetException.class, done(recorder.exception));
        assertEquals(0, streamCount(y));
        assertTrue(y.connection.isOpen(), "a reset stream does not end the session");
        y.inject(YamuxFrame.windowUpdate(1, 0, 100));
        assertTrue(y.written().isEmpty(), "queued data was dropped by the reset");
    }

    @Test
    void closeWithUnreadDataSendsReset() {
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG, ch -> ch.config().setAutoRead(false));
        y.inject(YamuxFrame.data(1, YamuxFlags.SYN, ascii("unread")));
        y.written();
        y.accepted.getFirst().close();
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.RST, 0), y.writtenOne());
        assertEquals(0, streamCount(y));
    }

    @Test
    void dataAfterLocalCloseIsAnsweredWithReset() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> { });
        stream.close();
        assertEquals(List.of(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0), YamuxFrame.windowUpdate(1, YamuxFlags.FIN, 0)),
                y.written());
        y.inject(YamuxFrame.data(1, YamuxFlags.ACK, ascii("too late")));
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.RST, 0), y.writtenOne());
        assertTrue(y.connection.isOpen());
    }

    @Test
    void emptyDataFrameWithFinAfterLocalCloseEndsTheStreamQuietly() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> { });
        stream.close();
        y.written();
        y.inject(YamuxFrame.data(1, YamuxFlags.ACK | YamuxFlags.FIN, Unpooled.EMPTY_BUFFER));
        assertTrue(y.written().isEmpty(), "no RST for a frame that carries no data");
        assertEquals(0, streamCount(y));
    }

    @Test
    void localResetSendsRstAndLateFramesAreIgnored() {
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG);
        y.inject(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0));
        y.written();
        YamuxStreamChannel stream = (YamuxStreamChannel) y.accepted.getFirst();
        assertTrue(stream.reset().isSuccess());
        assertFalse(stream.isOpen());
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.RST, 0), y.writtenOne());
        // Frames the peer sent before it saw our RST are harmless.
        y.inject(YamuxFrame.data(1, 0, ascii("in flight")));
        y.inject(YamuxFrame.windowUpdate(1, YamuxFlags.FIN, 10));
        assertTrue(y.written().isEmpty());
        assertTrue(y.connection.isOpen());
    }

    // ---- limits ----

    @Test
    void streamsBeyondMaxStreamsAreReset() {
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG.withMaxStreams(2));
        y.inject(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0));
        y.inject(YamuxFrame.windowUpdate(3, YamuxFlags.SYN, 0));
        y.written();
        y.inject(YamuxFrame.data(5, YamuxFlags.SYN, ascii("refused")));
        assertEquals(YamuxFrame.windowUpdate(5, YamuxFlags.RST, 0), y.writtenOne());
        assertEquals(2, y.accepted.size());
        assertTrue(y.connection.isOpen());

        // Once a stream ends (FIN both ways) a new one fits again.
        y.inject(YamuxFrame.windowUpdate(1, YamuxFlags.FIN, 0));
        y.accepted.getFirst().close();
        y.written();
        y.inject(YamuxFrame.windowUpdate(7, YamuxFlags.SYN, 0));
        assertEquals(YamuxFrame.windowUpdate(7, YamuxFlags.ACK, 0), y.writtenOne());
        assertEquals(3, y.accepted.size());
    }

    @Test
    void openingBeyondMaxStreamsFails() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG.withMaxStreams(1));
        y.open(ch -> { });
        CompletableFuture<Channel> second = y.session.openStream();
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, second::join);
        assertTrue(e.getCause().getMessage().contains("maxStreams"), e.getCause().getMessage());
    }

    // ---- protocol errors ----

    static Stream<Arguments> hostileInput() {
        return Stream.of(
                Arguments.of("data on a stream never opened", List.of(
                        frameBytes(YamuxFrame.data(5, 0, ascii("x"))))),
                Arguments.of("window update on a stream never opened", List.of(
                        frameBytes(YamuxFrame.windowUpdate(7, 0, 10)))),
                Arguments.of("data on stream 0", List.of(
                        frameBytes(YamuxFrame.data(0, 0, ascii("x"))))),
                Arguments.of("window overflow past 2^32-1", List.of(
                        frameBytes(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0)),
                        frameBytes(YamuxFrame.windowUpdate(1, 0, YamuxFrame.MAX_UINT32)))),
                Arguments.of("data beyond the receive window", List.of(
                        frameBytes(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0)),
                        frameBytes(YamuxFrame.data(1, 0, Unpooled.wrappedBuffer(new byte[WINDOW]))),
                        frameBytes(YamuxFrame.data(1, 0, ascii("!"))))),
                Arguments.of("duplicate SYN", List.of(
                        frameBytes(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0)),
                        frameBytes(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0)))),
                Arguments.of("SYN with the listener's own stream parity", List.of(
                        frameBytes(YamuxFrame.windowUpdate(2, YamuxFlags.SYN, 0)))),
                Arguments.of("bad version", List.of(hex("010100010000000100000000"))),
                Arguments.of("unknown type", List.of(hex("000900000000000000000000"))),
                Arguments.of("DATA length above maxWindow", List.of(hex("000000010000000100040001"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileInput")
    void protocolErrorSendsGoAwayAndClosesTheConnection(String name, List<ByteBuf> input) {
        StreamRecorder recorder = new StreamRecorder();
        // autoRead off: nothing is consumed, so no WINDOW_UPDATE widens the window under the test's feet.
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG.withMaxWindow(WINDOW), ch -> {
            ch.config().setAutoRead(false);
            ch.pipeline().addLast(recorder);
        });
        for (ByteBuf bytes : input) {
            y.injectBytes(bytes);
        }
        List<YamuxFrame> frames = y.written();
        EmbeddedYamux.release(frames);
        assertEquals(YamuxFrame.goAway(YamuxGoAwayCode.PROTOCOL_ERROR), frames.getLast(), name);
        assertFalse(y.connection.isOpen(), name + ": connection closed");
        if (!y.accepted.isEmpty()) {
            assertFalse(y.accepted.getFirst().isOpen(), "streams end with the session");
            assertInstanceOf(YamuxStreamResetException.class, done(recorder.exception));
        }
    }

    // ---- ping, keepalive, GO_AWAY ----

    @Test
    void answersPingWithTheSameOpaqueValue() {
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG);
        y.inject(YamuxFrame.ping(YamuxFlags.SYN, 0xCAFEBABEL));
        assertEquals(YamuxFrame.ping(YamuxFlags.ACK, 0xCAFEBABEL), y.writtenOne());
    }

    @Test
    void pingCompletesWhenTheAckArrives() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        CompletableFuture<Duration> rtt = y.session.ping();
        YamuxFrame ping = y.writtenOne();
        assertEquals(YamuxFlags.SYN, ping.flags());
        assertFalse(rtt.isDone());
        y.inject(YamuxFrame.ping(YamuxFlags.ACK, ping.length() + 1));
        assertFalse(rtt.isDone(), "an ACK for another ping does not count");
        y.inject(YamuxFrame.ping(YamuxFlags.ACK, ping.length()));
        assertTrue(rtt.isDone());
        assertFalse(rtt.join().isNegative());
        assertFalse(y.session.rtt().isZero(), "the session keeps the last RTT sample");
    }

    @Test
    void keepaliveClosesTheSessionWhenAPingGoesUnanswered() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG.withKeepAliveInterval(Duration.ofSeconds(10)));
        y.connection.advanceTimeBy(10, TimeUnit.SECONDS);
        y.connection.runScheduledPendingTasks();
        YamuxFrame first = y.writtenOne();
        assertEquals(YamuxType.PING, first.type());
        y.inject(YamuxFrame.ping(YamuxFlags.ACK, first.length()));

        y.connection.advanceTimeBy(10, TimeUnit.SECONDS);
        y.connection.runScheduledPendingTasks();
        assertEquals(YamuxType.PING, y.writtenOne().type());
        assertTrue(y.connection.isOpen(), "answered pings keep the session");

        y.connection.advanceTimeBy(10, TimeUnit.SECONDS);
        y.connection.runScheduledPendingTasks();
        assertEquals(YamuxFrame.goAway(YamuxGoAwayCode.NORMAL), y.writtenOne());
        assertFalse(y.connection.isOpen());
    }

    @Test
    void goAwayReceivedRefusesNewStreamsButExistingOnesGoOn() {
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        YamuxStreamChannel stream = y.open(ch -> { });
        y.written();
        y.inject(YamuxFrame.goAway(YamuxGoAwayCode.NORMAL));
        assertEquals(0, y.session.remoteGoAwayCode());
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> y.session.openStream().join());
        assertTrue(e.getCause().getMessage().contains("GO_AWAY"), e.getCause().getMessage());
        stream.writeAndFlush(ascii("still here"));
        List<YamuxFrame> frames = y.written();
        assertEquals("still here", frames.getFirst().data().toString(StandardCharsets.US_ASCII));
        EmbeddedYamux.release(frames);
    }

    @Test
    void goAwaySentRefusesStreamsThePeerOpensLater() {
        EmbeddedYamux y = new EmbeddedYamux(false, CONFIG);
        y.session.goAway();
        assertEquals(YamuxFrame.goAway(YamuxGoAwayCode.NORMAL), y.writtenOne());
        y.inject(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0));
        assertEquals(YamuxFrame.windowUpdate(1, YamuxFlags.RST, 0), y.writtenOne());
        assertTrue(y.accepted.isEmpty());
    }

    @Test
    void closingTheConnectionSendsGoAwayAndEndsStreams() {
        StreamRecorder recorder = new StreamRecorder();
        EmbeddedYamux y = new EmbeddedYamux(true, CONFIG);
        y.open(ch -> ch.pipeline().addLast(recorder));
        y.written();
        y.connection.close();
        assertEquals(YamuxFrame.goAway(YamuxGoAwayCode.NORMAL), y.writtenOne());
        assertInstanceOf(YamuxStreamResetException.class, done(recorder.exception));
        assertTrue(recorder.inactive.isDone());
    }

    // ---- helpers ----

    /** The value of a future the embedded event loop must already have completed (never blocks). */
    private static <T> T done(CompletableFuture<T> future) {
        assertTrue(future.isDone(), "completed on the embedded event loop");
        return future.join();
    }

    private static int streamCount(EmbeddedYamux y) {
        return y.session.streamCount();
    }

    private static void assertFinIsLastAndOnlyAfterData(List<YamuxFrame> frames) {
        YamuxFrame last = frames.getLast();
        assertTrue(last.has(YamuxFlags.FIN), "last frame carries FIN: " + frames);
        for (int i = 0; i < frames.size() - 1; i++) {
            assertFalse(frames.get(i).has(YamuxFlags.FIN), "FIN before data: " + frames);
        }
    }

    private static long dataBytes(List<YamuxFrame> frames) {
        return frames.stream().filter(f -> f.type() == YamuxType.DATA).mapToLong(YamuxFrame::length).sum();
    }

    /** The DATA payloads of every list, in order; releases them. */
    @SafeVarargs
    private static byte[] concat(List<YamuxFrame>... lists) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<YamuxFrame> frames : lists) {
            for (YamuxFrame f : frames) {
                if (f.data() != null) {
                    out.writeBytes(ByteBufUtil.getBytes(f.data()));
                    f.data().release();
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8));
        }
        return bytes;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    }

    private static ByteBuf frameBytes(YamuxFrame frame) {
        ByteBuf out = Unpooled.buffer();
        YamuxFrameEncoder.writeHeader(frame, out);
        if (frame.data() != null) {
            out.writeBytes(frame.data());
            frame.data().release();
        }
        return out;
    }
}
