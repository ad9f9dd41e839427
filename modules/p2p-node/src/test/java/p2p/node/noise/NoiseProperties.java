package p2p.node.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import p2p.node.crypto.PrivKey;
import p2p.node.fuzz.NodeSamples;
import p2p.testkit.fuzz.Hostile;
import p2p.testkit.fuzz.Mutation;
import p2p.testkit.fuzz.StreamFeed;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile-input properties of the Noise layer (libp2p/specs noise/README.md): each of the three XX handshake
 * messages, mutated from a real exchange, gives the next step or a {@link NoiseHandshakeException}; and a Noise
 * channel fed mutated frames (handshake or transport, 2-byte length framing, in random chunkings) either goes on or
 * closes itself, never lets another exception out and never leaks a buffer. The allocation bound per message is a
 * few times {@link NoiseFrameDecoder#MAX_MESSAGE}, the largest message the framing can carry.
 */
class NoiseProperties {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long CAP = 8L * NoiseFrameDecoder.MAX_MESSAGE;
    private static final List<Class<? extends Throwable>> OWN = List.of(NoiseHandshakeException.class);

    @BeforeContainer
    static void paranoid() {
        StreamFeed.paranoid();
    }

    @AfterContainer
    static void restoreLeakDetection() {
        StreamFeed.restoreLeakDetection();
    }

    @Property(tries = 1000)
    void firstMessage(@ForAll("edits") List<Mutation> edits, @ForAll("keys") PrivKey key) {
        NoiseHandshake initiator = new NoiseHandshake(true, key, Optional.empty(), RANDOM);
        NoiseHandshake responder = new NoiseHandshake(false, NodeSamples.KEYS.get(0), Optional.empty(), RANDOM);
        byte[] hostile = Mutation.apply(initiator.start(), edits);
        Hostile.decode("Noise message 1", CAP, OWN, () -> responder.receive(hostile));
    }

    @Property(tries = 1000)
    void secondMessage(@ForAll("edits") List<Mutation> edits, @ForAll("keys") PrivKey key) {
        NoiseHandshake initiator = new NoiseHandshake(true, NodeSamples.KEYS.get(0), Optional.empty(), RANDOM);
        NoiseHandshake responder = new NoiseHandshake(false, key, Optional.empty(), RANDOM);
        byte[] second = responder.receive(initiator.start()).orElseThrow();
        byte[] hostile = Mutation.apply(second, edits);
        Hostile.decode("Noise message 2", CAP, OWN, () -> initiator.receive(hostile));
    }

    @Property(tries = 1000)
    void thirdMessage(@ForAll("edits") List<Mutation> edits, @ForAll("keys") PrivKey key) {
        NoiseHandshake initiator = new NoiseHandshake(true, key, Optional.empty(), RANDOM);
        NoiseHandshake responder = new NoiseHandshake(false, NodeSamples.KEYS.get(0), Optional.empty(), RANDOM);
        byte[] third = initiator.receive(responder.receive(initiator.start()).orElseThrow()).orElseThrow();
        byte[] hostile = Mutation.apply(third, edits);
        Hostile.decode("Noise message 3", CAP, OWN, () -> responder.receive(hostile));
    }

    /** A responder channel fed a mutated first handshake frame and whatever follows. */
    @Property(tries = 1000)
    void handshakeStream(@ForAll("edits") List<Mutation> edits, @ForAll("chunkings") List<Integer> chunks) {
        EmbeddedChannel initiator = new EmbeddedChannel();
        NoiseSecureChannel.install(initiator, true, NodeSamples.KEYS.get(1), Optional.empty());
        byte[] first = outbound(initiator);
        initiator.finishAndReleaseAll();
        EmbeddedChannel responder = StreamFeed.channel();
        CompletableFuture<SecureSession> session =
                NoiseSecureChannel.install(responder, false, NodeSamples.KEYS.get(0), Optional.empty());
        byte[] hostile = Mutation.apply(first, edits);
        StreamFeed.Result r = Hostile.decode("Noise handshake stream", CAP + 16L * hostile.length, List.of(),
                () -> StreamFeed.feed(responder, hostile, chunks, () -> assertTrue(
                        !session.isCompletedExceptionally() || !responder.isOpen(),
                        "a failed handshake closes the channel"))).value();
        if (r.error() != null) {
            throw new AssertionError("the Noise layer let an exception out", r.error());
        }
    }

    /** Transport messages of an established session, mutated: decrypted or the channel closes. */
    @Property(tries = 800)
    void transportStream(@ForAll("plaintexts") List<byte[]> plaintexts, @ForAll("edits") List<Mutation> edits,
            @ForAll("chunkings") List<Integer> chunks) {
        EmbeddedChannel initiator = StreamFeed.channel();
        EmbeddedChannel responder = StreamFeed.channel();
        NoiseSecureChannel.install(initiator, true, NodeSamples.KEYS.get(1), Optional.empty());
        CompletableFuture<SecureSession> session =
                NoiseSecureChannel.install(responder, false, NodeSamples.KEYS.get(0), Optional.empty());
        for (int round = 0; round < 4 && !session.isDone(); round++) {
            move(initiator, responder);
            move(responder, initiator);
        }
        assertTrue(session.isDone() && !session.isCompletedExceptionally(), "the honest handshake completes");
        for (byte[] p : plaintexts) {
            initiator.write(Unpooled.wrappedBuffer(p));
            initiator.flush();
        }
        byte[] wire = outbound(initiator);
        initiator.finishAndReleaseAll();
        byte[] hostile = Mutation.apply(wire, edits);
        StreamFeed.Result r = Hostile.decode("Noise transport stream", CAP + 16L * hostile.length,
                List.of(), () -> StreamFeed.feed(responder, hostile, chunks)).value();
        if (r.error() != null) {
            throw new AssertionError("the Noise layer let an exception out", r.error());
        }
    }

    private static byte[] outbound(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out.toByteArray();
    }

    private static void move(EmbeddedChannel from, EmbeddedChannel to) {
        byte[] bytes = outbound(from);
        if (bytes.length > 0) {
            to.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists();
    }

    @Provide
    Arbitrary<PrivKey> keys() {
        return NodeSamples.keys();
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return StreamFeed.chunkings();
    }

    @Provide
    Arbitrary<List<byte[]>> plaintexts() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(100).list().ofMinSize(1).ofMaxSize(4);
    }
}
