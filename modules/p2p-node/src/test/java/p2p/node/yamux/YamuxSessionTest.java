package p2p.node.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2p.node.yamux.YamuxTcpPair.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Two real sessions over TCP on 127.0.0.1. */
class YamuxSessionTest {
    private static final YamuxConfig CONFIG = YamuxConfig.defaults();

    @Test
    void echoesOnStreamsOpenedByEitherSide() throws Exception {
        try (YamuxTcpPair pair = YamuxTcpPair.start(CONFIG, ch -> ch.pipeline().addLast(new EchoHandler()))) {
            StreamRecorder fromDialler = new StreamRecorder();
            YamuxStreamChannel up = (YamuxStreamChannel) await(pair.dialler.openStream(ch -> ch.pipeline().addLast(fromDialler)));
            up.writeAndFlush(ascii("hello from the dialler"));
            up.shutdownOutput();
            assertEquals("hello from the dialler", new String(await(fromDialler.finished), StandardCharsets.US_ASCII));
            assertEquals(1, up.streamId() % 2, "dialler streams are odd");

            StreamRecorder fromListener = new StreamRecorder();
            YamuxStreamChannel down = (YamuxStreamChannel) await(pair.listener.openStream(ch -> ch.pipeline().addLast(fromListener)));
            down.writeAndFlush(ascii("hello from the listener"));
            down.shutdownOutput();
            assertEquals("hello from the listener", new String(await(fromListener.finished), StandardCharsets.US_ASCII));
            assertEquals(0, down.streamId() % 2, "listener streams are even");
        }
    }

    @Test
    void transfers8MiBThroughASmallWindowWithBoundedMemory() throws Exception {
        int total = 8 * 1024 * 1024;
        int chunk = 16 * 1024;
        YamuxConfig smallWindow = CONFIG.withMaxWindow(YamuxConfig.SPEC_INITIAL_WINDOW); // no auto-tuning
        AtomicLong received = new AtomicLong();
        CompletableFuture<Long> receiverCrc = new CompletableFuture<>();
        try (YamuxTcpPair pair = YamuxTcpPair.start(smallWindow, ch -> { }, smallWindow, ch -> {
            ch.config().setAutoRead(false);
            ch.pipeline().addLast(new SlowReader(received, receiverCrc));
        })) {
            AtomicLong maxInFlight = new AtomicLong();
            AtomicInteger unwritableTimes = new AtomicInteger();
            CRC32 senderCrc = new CRC32();
            Random random = new Random(7);
            Channel stream = await(pair.dialler.openStream(ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                private long sent;

                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    pump(ctx);
                    ctx.fireChannelActive();
                }

                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                    pump(ctx);
                }

                private void pump(ChannelHandlerContext ctx) {
                    while (ctx.channel().isWritable() && sent < total) {
                        byte[] bytes = new byte[chunk];
                        random.nextBytes(bytes);
                        senderCrc.update(bytes);
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
                        sent += chunk;
                        // Bytes written but not yet handed to the reader: in the send queue, on the wire or in the
                        // reader's buffer. Flow control must cap it at one window plus the send queue's high-water mark.
                        maxInFlight.accumulateAndGet(sent - received.get(), Math::max);
                    }
                    if (sent == total) {
                        sent++; // once
                        ((YamuxStreamChannel) ctx.channel()).shutdownOutput();
                    } else if (!ctx.channel().isWritable()) {
                        unwritableTimes.incrementAndGet();
                    }
                }
            })));
            long crc = await(receiverCrc);
            assertEquals(total, received.get());
            assertEquals(senderCrc.getValue(), crc, "bytes arrive intact and in order");
            long bound = YamuxConfig.SPEC_INITIAL_WINDOW + stream.config().getWriteBufferHighWaterMark() + chunk;
            assertTrue(maxInFlight.get() <= bound, "in flight " + maxInFlight.get() + " exceeds " + bound);
            assertTrue(unwritableTimes.get() > 0, "the sender was held back by the window");
        }
    }

    @Test
    void manyConcurrentStreamsInBothDirections() throws Exception {
        try (YamuxTcpPair pair = YamuxTcpPair.start(CONFIG, ch -> ch.pipeline().addLast(new EchoHandler()))) {
            Random random = new Random(3);
            List<byte[]> payloads = new ArrayList<>();
            List<StreamRecorder> recorders = new ArrayList<>();
            List<CompletableFuture<Channel>> opened = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                byte[] payload = new byte[random.nextInt(1, 40_000)];
                random.nextBytes(payload);
                StreamRecorder recorder = new StreamRecorder();
                YamuxSession side = i % 5 == 0 ? pair.listener : pair.dialler;
                payloads.add(payload);
                recorders.add(recorder);
                opened.add(side.openStream(ch -> ch.pipeline().addLast(recorder)).thenApply(ch -> {
                    ch.writeAndFlush(Unpooled.wrappedBuffer(payload));
                    ((YamuxStreamChannel) ch).shutdownOutput();
                    return ch;
                }));
            }
            for (int i = 0; i < payloads.size(); i++) {
                await(opened.get(i));
                StreamRecorder recorder = recorders.get(i);
                Channel stream = opened.get(i).join();
                assertArrayEquals(payloads.get(i), await(recorder.finished), () -> stream + " " + recorder.events
                        + " " + recorder.exception.getNow(null));
            }
            for (CompletableFuture<Channel> f : opened) {
                f.join().close().sync();
            }
            assertEquals(0, streamCount(pair.dialler));
            assertEquals(0, streamCount(pair.listener));
        }
    }

    @Test
    void halfCloseLetsTheRequesterReadTheResponse() throws Exception {
        try (YamuxTcpPair pair = YamuxTcpPair.start(CONFIG, ch -> { }, CONFIG,
                ch -> ch.pipeline().addLast(new CountThenAnswer()))) {
            StreamRecorder recorder = new StreamRecorder();
            YamuxStreamChannel stream = (YamuxStreamChannel) await(pair.dialler.openStream(ch -> ch.pipeline().addLast(recorder)));
            stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[100_000]));
            stream.shutdownOutput().sync();
            assertTrue(stream.isOutputShutdown());
            assertEquals("received 100000 bytes", new String(await(recorder.finished), StandardCharsets.US_ASCII));
            assertEquals(List.of("data", "fin"), recorder.events);
        }
    }

    @Test
    void resetByThePeerFailsTheStreamButNotTheSession() throws Exception {
        try (YamuxTcpPair pair = YamuxTcpPair.start(CONFIG, ch -> { }, CONFIG,
                ch -> ch.pipeline().addLast(new ResetOnR(), new EchoHandler()))) {
            StreamRecorder doomed = new StreamRecorder();
            Channel stream = await(pair.dialler.openStream(ch -> ch.pipeline().addLast(doomed)));
            stream.writeAndFlush(ascii("R please reset"));
            assertInstanceOf(YamuxStreamResetException.class, await(doomed.exception));
            await(doomed.inactive);
            assertFalse(stream.isOpen());

            StreamRecorder fine = new StreamRecorder();
            YamuxStreamChannel next = (YamuxStreamChannel) await(pair.dialler.openStream(ch -> ch.pipeline().addLast(fine)));
            next.writeAndFlush(ascii("echo please"));
            next.shutdownOutput();
            assertEquals("echo please", new String(await(fine.finished), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void streamsBeyondThePeersLimitAreReset() throws Exception {
        try (YamuxTcpPair pair = YamuxTcpPair.start(CONFIG, ch -> { }, CONFIG.withMaxStreams(3),
                ch -> ch.pipeline().addLast(new EchoHandler()))) {
            List<StreamRecorder> recorders = new ArrayList<>();
            List<Channel> streams = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                StreamRecorder recorder = new StreamRecorder();
                recorders.add(recorder);
                streams.add(await(pair.dialler.openStream(ch -> ch.pipeline().addLast(recorder))));
            }
            assertInstanceOf(YamuxStreamResetException.class, await(recorders.get(3).exception));
            for (int i = 0; i < 3; i++) {
                streams.get(i).writeAndFlush(ascii("stream " + i));
                ((YamuxStreamChannel) streams.get(i)).shutdownOutput();
                assertEquals("stream " + i, new String(await(recorders.get(i).finished), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void goAwayRefusesNewStreamsWhileExistingOnesContinue() throws Exception {
        try (YamuxTcpPair pair = YamuxTcpPair.start(CONFIG, ch -> ch.pipeline().addLast(new EchoHandler()))) {
            StreamRecorder recorder = new StreamRecorder();
            YamuxStreamChannel existing = (YamuxStreamChannel) await(pair.dialler.openStream(ch -> ch.pipeline().addLast(recorder)));
            // The PING follows the SYN on the connection: once answered, the listener has accepted the stream.
            await(pair.dialler.ping());
            pair.listener.goAway();
            // Frames stay in order on the connection: once our PING is answered, the dialler has seen GO_AWAY.
            await(pair.listener.ping());
            assertEquals(YamuxGoAwayCode.NORMAL, pair.dialler.remoteGoAwayCode());
            ExecutionException refused = assertThrows(ExecutionException.class, () -> await(pair.dialler.openStream()));
            assertTrue(refused.getCause().getMessage().contains("GO_AWAY"), refused.getCause().getMessage());

            existing.writeAndFlush(ascii("still served"));
            existing.shutdownOutput();
            assertEquals("still served", new String(await(recorder.finished), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void closingASessionSendsGoAwayAndEndsThePeersStreams() throws Exception {
        CompletableFuture<StreamRecorder> listenerSide = new CompletableFuture<>();
        try (YamuxTcpPair pair = YamuxTcpPair.start(CONFIG, ch -> { }, CONFIG, ch -> {
            StreamRecorder recorder = new StreamRecorder();
            ch.pipeline().addLast(recorder);
            listenerSide.complete(recorder);
        })) {
            StreamRecorder ours = new StreamRecorder();
            Channel stream = await(pair.dialler.openStream(ch -> ch.pipeline().addLast(ours)));
            stream.writeAndFlush(ascii("x"));
            StreamRecorder accepted = await(listenerSide);
            pair.dialler.close().sync();
            pair.listener.parentChannel().closeFuture().await(YamuxTcpPair.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertFalse(pair.listener.parentChannel().isOpen(), "the peer closed its side too");
            assertEquals(YamuxGoAwayCode.NORMAL, pair.listener.remoteGoAwayCode());
            assertInstanceOf(YamuxStreamResetException.class, await(accepted.exception));
            assertTrue(stream.closeFuture().await(YamuxTcpPair.TIMEOUT_SECONDS, TimeUnit.SECONDS),
                    "our own streams end with the session");
        }
    }

    @Test
    void pingMeasuresTheRoundTripBothWays() throws Exception {
        try (YamuxTcpPair pair = YamuxTcpPair.start(CONFIG, ch -> { })) {
            assertFalse(await(pair.dialler.ping()).isNegative());
            assertFalse(await(pair.listener.ping()).isNegative());
        }
    }

    @Test
    void hostilePeersAreDroppedWhileAnotherSessionKeepsWorking() throws Exception {
        try (YamuxTcpPair pair = YamuxTcpPair.start(CONFIG, ch -> ch.pipeline().addLast(new EchoHandler()))) {
            InetSocketAddress server = (InetSocketAddress) pair.server.localAddress();
            List<String> attacks = List.of(
                    "000000000000000500000001" + "78",                          // data on a stream never opened
                    "010100010000000100000000",                                 // bad version
                    "000000010000000101000001",                                 // DATA length above maxWindow
                    "000100010000000100000000" + "0001000000000001ffffffff",    // window overflow
                    "000100010000000100000000" + "000100010000000100000000");   // duplicate SYN
            for (String attack : attacks) {
                try (Socket socket = new Socket(server.getAddress(), server.getPort())) {
                    socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(YamuxTcpPair.TIMEOUT_SECONDS));
                    socket.getOutputStream().write(HexFormat.of().parseHex(attack));
                    assertEquals(YamuxGoAwayCode.PROTOCOL_ERROR, readGoAwayThenEof(socket.getInputStream()), attack);
                }
                StreamRecorder recorder = new StreamRecorder();
                YamuxStreamChannel stream = (YamuxStreamChannel) await(pair.dialler.openStream(ch -> ch.pipeline().addLast(recorder)));
                stream.writeAndFlush(ascii("after " + attack));
                stream.shutdownOutput();
                assertEquals("after " + attack, new String(await(recorder.finished), StandardCharsets.US_ASCII));
            }
        }
    }

    // ---- helpers ----

    /** Reads frames until GO_AWAY, returns its code, and checks the connection then ends. */
    private static long readGoAwayThenEof(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[YamuxFrame.HEADER_LENGTH];
        while (true) {
            data.readFully(header);
            ByteBuf h = Unpooled.wrappedBuffer(header);
            int type = h.getUnsignedByte(1);
            long length = h.getUnsignedInt(8);
            if (type == YamuxType.GO_AWAY.code()) {
                assertEquals(-1, in.read(), "connection closed after GO_AWAY");
                return length;
            }
            if (type == YamuxType.DATA.code()) {
                data.skipNBytes(length);
            }
            if (type > 3) {
                throw new EOFException("unexpected frame type " + type);
            }
        }
    }

    private static int streamCount(YamuxSession session) throws Exception {
        return session.parentChannel().eventLoop().submit(session::streamCount).get(YamuxTcpPair.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    /** Echoes every byte; closes (FIN after the echoed data) when the peer half-closes. Pauses reading while unwritable. */
    @ChannelHandler.Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset stream: nothing left to echo
        }
    }

    /** Reads the whole request, then answers with its size and closes. */
    static final class CountThenAnswer extends ChannelInboundHandlerAdapter {
        private long count;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            count += buf.readableBytes();
            buf.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                ctx.writeAndFlush(ascii("received " + count + " bytes"));
                ctx.close();
            }
        }
    }

    /** Resets the stream when the first byte read is 'R'; passes anything else on. */
    static final class ResetOnR extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (buf.isReadable() && buf.getByte(buf.readerIndex()) == 'R') {
                buf.release();
                ((YamuxStreamChannel) ctx.channel()).reset();
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Reads only when it asks (autoRead off), one batch per millisecond, and sums a CRC until the peer's FIN. */
    static final class SlowReader extends ChannelInboundHandlerAdapter {
        private final AtomicLong received;
        private final CompletableFuture<Long> result;
        private final CRC32 crc = new CRC32();

        SlowReader(AtomicLong received, CompletableFuture<Long> result) {
            this.received = received;
            this.result = result;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            crc.update(bytes);
            received.addAndGet(bytes.length);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.executor().schedule(ctx::read, 1, TimeUnit.MILLISECONDS);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                result.complete(crc.getValue());
                ctx.close();
            }
        }
    }
}
