package p2p.node.pnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import p2p.node.crypto.Psk;
import p2p.testkit.fuzz.Hostile;
import p2p.testkit.fuzz.StreamFeed;

/**
 * Hostile-input properties of the private-network layer (libp2p/specs pnet/Private-Networks-PSK-V1.md): the PSK
 * file and Teranode's {@code p2p_shared_key} give a key or an {@link IllegalArgumentException}; the pnet handler
 * fed any byte stream in any chunking takes the first 24 bytes as the peer's nonce and passes every later byte on
 * (decrypted), one for one, leaking no buffer. The layer has no framing, so a hostile stream can only be noise to
 * the layer above; its own memory is the 24-byte nonce.
 */
class PnetProperties {

    private static final Psk KEY = Psk.fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    @BeforeContainer
    static void paranoid() {
        StreamFeed.paranoid();
    }

    @AfterContainer
    static void restoreLeakDetection() {
        StreamFeed.restoreLeakDetection();
    }

    @Property(tries = 5000)
    void keyFile(@ForAll("keyFiles") byte[] bytes) {
        Hostile.decode("Psk.parse", 64L * 1024 + 16L * bytes.length, List.of(IllegalArgumentException.class),
                () -> Psk.parse(bytes));
    }

    @Property(tries = 5000)
    void sharedKeySetting(@ForAll("hexKeys") String text) {
        Hostile.decode("Psk.fromHex", 64L * 1024, List.of(IllegalArgumentException.class), () -> Psk.fromHex(text));
    }

    @Property(tries = 3000)
    void stream(@ForAll("streams") byte[] bytes, @ForAll("chunkings") List<Integer> chunks) {
        EmbeddedChannel channel = StreamFeed.channel(new PnetHandler(KEY));
        channel.outboundMessages().forEach(io.netty.util.ReferenceCountUtil::release); // our own nonce
        channel.outboundMessages().clear();
        Counting counter = new Counting();
        channel.pipeline().addLast(counter);
        StreamFeed.Result r = Hostile.decode("PnetHandler", 64L * 1024 + 16L * bytes.length, List.of(),
                () -> StreamFeed.feed(channel, bytes, chunks)).value();
        if (r.error() != null) {
            throw new AssertionError("pnet raised " + r.error(), r.error());
        }
        assertEquals(Math.max(0, bytes.length - 24), counter.bytes, "every byte after the nonce is passed on");
    }

    /** Counts the bytes the pnet layer passes on, then hands them to the channel's inbound queue. */
    private static final class Counting extends io.netty.channel.ChannelInboundHandlerAdapter {
        long bytes;

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            bytes += ((io.netty.buffer.ByteBuf) msg).readableBytes();
            ctx.fireChannelRead(msg);
        }
    }

    @Provide
    Arbitrary<byte[]> keyFiles() {
        Arbitrary<byte[]> valid = Arbitraries.bytes().array(byte[].class).ofSize(32).flatMap(key -> Arbitraries.of(
                "/key/swarm/psk/1.0.0/\n/base16/\n" + HexFormat.of().formatHex(key),
                "/key/swarm/psk/1.0.0/\r\n/base64/\r\n" + java.util.Base64.getEncoder().encodeToString(key) + "\n")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)));
        return Hostile.hostile(valid, 120);
    }

    @Provide
    Arbitrary<String> hexKeys() {
        return Hostile.hostileText(
                Arbitraries.bytes().array(byte[].class).ofSize(32).map(HexFormat.of()::formatHex), 80);
    }

    @Provide
    Arbitrary<byte[]> streams() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return StreamFeed.chunkings();
    }
}
