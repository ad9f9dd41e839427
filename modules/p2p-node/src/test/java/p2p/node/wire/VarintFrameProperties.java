package p2p.node.wire;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import p2p.common.wire.ProtocolException;
import p2p.testkit.fuzz.Hostile;
import p2p.testkit.fuzz.StreamFeed;

/**
 * Hostile-input properties of unsigned varints and of the varint-length framing of identify, gossipsub and DHT
 * streams (multiformats/unsigned-varint): a varint is a value or a {@link MalformedVarintException}; a framed byte
 * stream, in random chunkings, gives frames or a {@link ProtocolException} (inside Netty's
 * {@link DecoderException}), buffers at most one frame of {@code maxFrameBytes} and leaks no buffer.
 */
class VarintFrameProperties {

    private static final int MAX_FRAME = 4096;

    @BeforeContainer
    static void paranoid() {
        StreamFeed.paranoid();
    }

    @AfterContainer
    static void restoreLeakDetection() {
        StreamFeed.restoreLeakDetection();
    }

    @Property(tries = 5000)
    void varint(@ForAll("varints") byte[] bytes) {
        Hostile.decode("Varint.read", 4096, List.of(MalformedVarintException.class),
                () -> Varint.read(Unpooled.wrappedBuffer(bytes)));
    }

    @Property(tries = 5000)
    void frameStream(@ForAll("streams") byte[] bytes, @ForAll("chunkings") List<Integer> chunks) {
        EmbeddedChannel channel = StreamFeed.channel(new VarintFrameDecoder(MAX_FRAME));
        StreamFeed.Result r = Hostile.decode("VarintFrameDecoder", 4L * MAX_FRAME + 16L * bytes.length, List.of(),
                () -> StreamFeed.feed(channel, bytes, chunks)).value();
        if (r.error() != null && !(r.error() instanceof DecoderException d
                && d.getCause() instanceof ProtocolException)) {
            throw new AssertionError("varint frame decoder raised " + r.error(), r.error());
        }
    }

    @Provide
    Arbitrary<byte[]> varints() {
        return Hostile.hostile(Arbitraries.longs().between(0, Long.MAX_VALUE).map(Varint::toBytes), 12);
    }

    @Provide
    Arbitrary<byte[]> streams() {
        return Hostile.hostile(Arbitraries.bytes().array(byte[].class).ofMaxSize(200).list().ofMinSize(1).ofMaxSize(4)
                .map(frames -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (byte[] f : frames) {
                        out.writeBytes(Varint.toBytes(f.length));
                        out.writeBytes(f);
                    }
                    return out.toByteArray();
                }), 300);
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return StreamFeed.chunkings();
    }
}
