package p2p.node.multistream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * Hostile-input properties of multistream-select 1.0 (github.com/multiformats/multistream-select): one message
 * gives its text, null (incomplete) or a {@link MultistreamException}, allocating at most a few times
 * {@link MultistreamCodec#MAX_MESSAGE_BYTES}; a responder fed a mutated negotiation, in random chunkings, selects a
 * protocol, keeps waiting, or fails its future with a {@link MultistreamException} and closes the channel, and never
 * leaks a buffer.
 */
class MultistreamProperties {

    private static final long CAP = 16L * MultistreamCodec.MAX_MESSAGE_BYTES;

    @BeforeContainer
    static void paranoid() {
        StreamFeed.paranoid();
    }

    @AfterContainer
    static void restoreLeakDetection() {
        StreamFeed.restoreLeakDetection();
    }

    @Property(tries = 6000)
    void messages(@ForAll("negotiations") byte[] bytes) {
        Hostile.decode("MultistreamCodec.read", CAP, List.of(MultistreamException.class), () -> {
            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            int read = 0;
            while (MultistreamCodec.read(in) != null) {
                read++;
                if (read > bytes.length) {
                    throw new AssertionError("more messages than bytes: the reader does not consume");
                }
            }
            return read;
        });
    }

    @Property(tries = 3000)
    void responder(@ForAll("negotiations") byte[] bytes, @ForAll("chunkings") List<Integer> chunks) {
        EmbeddedChannel channel = StreamFeed.channel();
        CompletableFuture<String> selected = MultistreamSelect.respond(channel, Set.of("/noise", "/yamux/1.0.0"));
        StreamFeed.Result r = Hostile.decode("multistream responder", CAP + 16L * bytes.length, List.of(),
                () -> StreamFeed.feed(channel, bytes, chunks)).value();
        if (r.error() != null && !(r.error() instanceof ProtocolException)) {
            throw new AssertionError("multistream responder raised " + r.error(), r.error());
        }
        if (selected.isCompletedExceptionally()) {
            try {
                selected.get();
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof MultistreamException, "fails with its own type: " + e.getCause());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The dialling side fed a mutated answer (header, then echo or na). */
    @Property(tries = 3000)
    void initiator(@ForAll("negotiations") byte[] bytes, @ForAll("chunkings") List<Integer> chunks) {
        EmbeddedChannel channel = StreamFeed.channel();
        CompletableFuture<String> selected = MultistreamSelect.initiate(channel, List.of("/tls/1.0.0", "/noise"));
        StreamFeed.Result r = Hostile.decode("multistream initiator", CAP + 16L * bytes.length, List.of(),
                () -> StreamFeed.feed(channel, bytes, chunks)).value();
        if (r.error() != null && !(r.error() instanceof ProtocolException)) {
            throw new AssertionError("multistream initiator raised " + r.error(), r.error());
        }
        if (selected.isDone() && !selected.isCompletedExceptionally()) {
            assertTrue(List.of("/tls/1.0.0", "/noise").contains(selected.join()), "selects only what it proposed");
        }
        if (selected.isCompletedExceptionally()) {
            try {
                selected.get();
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof MultistreamException, "fails with its own type: " + e.getCause());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Provide
    Arbitrary<byte[]> negotiations() {
        Arbitrary<List<String>> proposals = Arbitraries.of("/noise", "/yamux/1.0.0", "/tls/1.0.0", "ls", "na",
                "/mplex/6.7.0").list().ofMinSize(1).ofMaxSize(4);
        return Hostile.hostile(proposals.map(p -> {
            ByteBuf out = Unpooled.buffer();
            MultistreamCodec.write(out, MultistreamCodec.PROTOCOL_ID);
            p.forEach(text -> MultistreamCodec.write(out, text));
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        }), 200);
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return StreamFeed.chunkings();
    }
}
