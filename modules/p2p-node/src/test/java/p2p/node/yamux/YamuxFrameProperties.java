package p2p.node.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
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

import java.util.List;

/**
 * Hostile-input property of the yamux frame decoder (hashicorp/yamux spec.md, "Framing"): a byte stream of mutated
 * frames, in random chunkings, gives frames or a {@link YamuxProtocolException} (inside Netty's
 * {@link DecoderException}); no buffer leaks. The decoder buffers at most one DATA payload of
 * {@code maxDataLength} bytes, which bounds its allocation.
 */
class YamuxFrameProperties {

    private static final int MAX_DATA = 64 * 1024;

    @BeforeContainer
    static void paranoid() {
        StreamFeed.paranoid();
    }

    @AfterContainer
    static void restoreLeakDetection() {
        StreamFeed.restoreLeakDetection();
    }

    @Property(tries = 5000)
    void frameStream(@ForAll("streams") byte[] bytes, @ForAll("chunkings") List<Integer> chunks) {
        EmbeddedChannel channel = StreamFeed.channel(new YamuxFrameDecoder(MAX_DATA), new ReleaseFrames());
        StreamFeed.Result r = Hostile.decode("YamuxFrameDecoder", 4L * MAX_DATA + 16L * bytes.length, List.of(),
                () -> StreamFeed.feed(channel, bytes, chunks)).value();
        if (r.error() != null && !(r.error() instanceof DecoderException d
                && d.getCause() instanceof YamuxProtocolException)) {
            throw new AssertionError("yamux decoder raised " + r.error(), r.error());
        }
    }

    /** A {@link YamuxFrame} is a record, not reference-counted: this releases its payload, as the session does. */
    private static final class ReleaseFrames extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof YamuxFrame f && f.data() != null) {
                f.data().release();
            }
        }
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<YamuxFrame> frames = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.longs().between(0, 0xffffffffL), Arbitraries.integers().between(0, 15),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(100))
                        .as((id, flags, data) -> YamuxFrame.data(id, flags, Unpooled.wrappedBuffer(data))),
                Combinators.combine(Arbitraries.longs().between(0, 0xffffffffL), Arbitraries.integers().between(0, 15),
                        Arbitraries.longs().between(0, 0xffffffffL)).as(YamuxFrame::windowUpdate),
                Arbitraries.longs().between(0, 0xffffffffL).map(o -> YamuxFrame.ping(1, o)),
                Arbitraries.longs().between(0, 2).map(YamuxFrame::goAway));
        return Hostile.hostile(frames.list().ofMinSize(1).ofMaxSize(4).map(YamuxFrameProperties::encode), 300);
    }

    private static byte[] encode(List<YamuxFrame> frames) {
        ByteBuf out = Unpooled.buffer();
        for (YamuxFrame f : frames) {
            YamuxFrameEncoder.writeHeader(f, out);
            if (f.data() != null) {
                // not consumed nor released: jqwik may hand the same generated frame to several tries
                out.writeBytes(f.data(), f.data().readerIndex(), f.data().readableBytes());
            }
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return StreamFeed.chunkings();
    }
}
