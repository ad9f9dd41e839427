package p2p.node.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2p.testkit.netty.NoNettyLeaks;

@ExtendWith(NoNettyLeaks.class)
class MultistreamSelectTest {
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        return ch;
    }

    @Test
    void initiatorSendsHeaderAndFirstProposalInOnePacket() {
        EmbeddedChannel a = channel();
        MultistreamSelect.initiate(a, List.of("/noise", "/tls/1.0.0"));
        ByteBuf first = a.readOutbound();
        assertEquals(message("/multistream/1.0.0") + message("/noise"), ByteBufUtil.hexDump(first));
        first.release();
        assertNull(a.readOutbound());
    }

    @Test
    void bothSidesAgreeOnTheProposalAndRemoveTheirHandlers() {
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        CompletableFuture<String> initiator = MultistreamSelect.initiate(a, List.of("/noise"));
        CompletableFuture<String> responder = MultistreamSelect.respond(b, Set.of("/tls/1.0.0", "/noise"));
        EmbeddedPair.exchange(a, b);
        assertEquals("/noise", initiator.getNow(null));
        assertEquals("/noise", responder.getNow(null));
        assertNull(a.pipeline().get(MultistreamInitiator.class));
        assertNull(b.pipeline().get(MultistreamResponder.class));
        assertTrue(a.isOpen() && b.isOpen());
    }

    @Test
    void negotiationSurvivesBytesArrivingOneAtATime() {
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        CompletableFuture<String> initiator = MultistreamSelect.initiate(a, List.of("/a", "/yamux/1.0.0"));
        CompletableFuture<String> responder = MultistreamSelect.respond(b, Set.of("/yamux/1.0.0"));
        EmbeddedPair.exchange(a, b, true);
        assertEquals("/yamux/1.0.0", initiator.getNow(null));
        assertEquals("/yamux/1.0.0", responder.getNow(null));
    }

    @Test
    void responderAnswersNaAndInitiatorFallsBackToItsNextProposal() {
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        CompletableFuture<String> initiator = MultistreamSelect.initiate(a, List.of("/yamux/2.0.0", "/yamux/1.0.0"));
        CompletableFuture<String> responder = MultistreamSelect.respond(b, Set.of("/yamux/1.0.0"));
        b.writeInbound((ByteBuf) a.readOutbound());
        assertEquals(message("/multistream/1.0.0") + message("na"), drainHex(b));
        assertFalse(responder.isDone());
        a.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex(message("/multistream/1.0.0") + message("na"))));
        ByteBuf second = a.readOutbound();
        assertEquals(message("/yamux/1.0.0"), ByteBufUtil.hexDump(second));
        b.writeInbound(second);
        EmbeddedPair.exchange(a, b);
        assertEquals("/yamux/1.0.0", initiator.getNow(null));
        assertEquals("/yamux/1.0.0", responder.getNow(null));
    }

    @Test
    void noCommonProtocolFailsTheInitiatorAndClosesItsChannel() {
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        CompletableFuture<String> initiator = MultistreamSelect.initiate(a, List.of("/a/1", "/b/1"));
        CompletableFuture<String> responder = MultistreamSelect.respond(b, Set.of("/c/1"));
        EmbeddedPair.exchange(a, b);
        NoCommonProtocolException e = assertInstanceOf(NoCommonProtocolException.class, failure(initiator));
        assertEquals(List.of("/a/1", "/b/1"), e.proposed());
        assertFalse(a.isOpen());
        // the responder learns it when the connection goes away
        assertFalse(responder.isDone());
        b.close();
        assertInstanceOf(MultistreamException.class, failure(responder));
    }

    @Test
    void bytesAfterTheEchoReachTheHandlerAddedOnCompletion() {
        EmbeddedChannel a = channel();
        CompletableFuture<String> initiator = MultistreamSelect.initiate(a, List.of("/ipfs/id/1.0.0"));
        List<String> received = new ArrayList<>();
        initiator.thenAccept(p -> a.pipeline().addLast(collector(received)));
        a.writeInbound(bytes(message("/multistream/1.0.0") + message("/ipfs/id/1.0.0"), "identify-payload"));
        assertEquals("/ipfs/id/1.0.0", initiator.getNow(null));
        assertEquals(List.of("identify-payload"), received);
        a.writeInbound(Unpooled.copiedBuffer("more", StandardCharsets.UTF_8));
        assertEquals(List.of("identify-payload", "more"), received);
    }

    @Test
    void responderForwardsPipelinedDataAfterTheProposal() {
        EmbeddedChannel b = channel();
        CompletableFuture<String> responder = MultistreamSelect.respond(b, Set.of("/noise"));
        List<String> received = new ArrayList<>();
        responder.thenAccept(p -> b.pipeline().addLast(collector(received)));
        b.writeInbound(bytes(message("/multistream/1.0.0") + message("/noise"), "noise-msg-1"));
        assertEquals("/noise", responder.getNow(null));
        assertEquals(List.of("noise-msg-1"), received);
        assertEquals(message("/multistream/1.0.0") + message("/noise"), drainHex(b));
    }

    @Test
    void responderAnswersLsWithNaSinceListingIsOptional() {
        EmbeddedChannel b = channel();
        CompletableFuture<String> responder = MultistreamSelect.respond(b, Set.of("/noise"));
        b.writeInbound(bytes(message("/multistream/1.0.0") + message("ls"), ""));
        assertEquals(message("/multistream/1.0.0") + message("na"), drainHex(b));
        assertFalse(responder.isDone());
        assertTrue(b.isOpen());
    }

    /** Hostile or broken first bytes: the future fails and the channel is closed without waiting for more. */
    @ParameterizedTest
    @ValueSource(strings = {
        "ffffffffffffffffffff",               // bad varint
        "d00f",                               // length 2000, no body needed to refuse
        "64616263",                           // length 100 instead of the header's 19: fail fast
        "132f6d756c746973747265616d2f312e302e3058", // 19 bytes, last is 'X' not a newline
        "132f6d756c746973747265616d2f322e302e300a", // /multistream/2.0.0
        "00",                                 // empty message
    })
    void malformedOpeningFailsAndClosesTheChannel(String hex) {
        for (boolean asInitiator : new boolean[] {true, false}) {
            EmbeddedChannel ch = channel();
            CompletableFuture<String> f = asInitiator
                    ? MultistreamSelect.initiate(ch, List.of("/noise"))
                    : MultistreamSelect.respond(ch, Set.of("/noise"));
            ch.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));
            assertInstanceOf(MultistreamException.class, failure(f));
            assertFalse(ch.isOpen());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "8108",       // 1025-byte proposal
        "03616263",   // missing newline
        "03c3280a",   // not UTF-8
        "ff",         // then more bad varint below
    })
    void malformedProposalAfterAValidHeaderFailsTheResponder(String hex) {
        EmbeddedChannel b = channel();
        CompletableFuture<String> responder = MultistreamSelect.respond(b, Set.of("/noise"));
        String tail = hex.equals("ff") ? "ffffffffffffffffff" : hex;
        b.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex(message("/multistream/1.0.0") + tail)));
        assertInstanceOf(MultistreamException.class, failure(responder));
        assertFalse(b.isOpen());
    }

    @Test
    void initiatorRejectsAnAnswerThatIsNeitherEchoNorNa() {
        EmbeddedChannel a = channel();
        CompletableFuture<String> initiator = MultistreamSelect.initiate(a, List.of("/noise"));
        a.writeInbound(bytes(message("/multistream/1.0.0") + message("/tls/1.0.0"), ""));
        MultistreamException e = assertInstanceOf(MultistreamException.class, failure(initiator));
        assertTrue(e.getMessage().contains("/tls/1.0.0"), e.getMessage());
        assertFalse(a.isOpen());
    }

    @Test
    void responderDropsAPeerThatProposesTooManyUnsupportedProtocols() {
        EmbeddedChannel b = channel();
        CompletableFuture<String> responder = MultistreamSelect.respond(b, Set.of("/noise"));
        StringBuilder hex = new StringBuilder(message("/multistream/1.0.0"));
        for (int i = 0; i < MultistreamResponder.MAX_REJECTED_PROPOSALS; i++) {
            hex.append(message("/unsupported/" + i));
        }
        b.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.toString())));
        assertFalse(responder.isDone());
        b.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex(message("/one-too-many"))));
        assertInstanceOf(MultistreamException.class, failure(responder));
        assertFalse(b.isOpen());
    }

    @Test
    void channelClosedMidMessageFailsTheFuture() {
        EmbeddedChannel a = channel();
        CompletableFuture<String> initiator = MultistreamSelect.initiate(a, List.of("/noise"));
        a.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex("132f6d75")));
        assertFalse(initiator.isDone());
        a.close();
        assertInstanceOf(MultistreamException.class, failure(initiator));
    }

    @Test
    void negotiatingOnAClosedChannelFailsAtOnce() {
        EmbeddedChannel a = channel();
        a.close();
        assertInstanceOf(MultistreamException.class, failure(MultistreamSelect.initiate(a, List.of("/noise"))));
    }

    @Test
    void invalidLocalProtocolListsAreRejectedOnTheCallersThread() {
        EmbeddedChannel a = channel();
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.initiate(a, List.of()));
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.initiate(a, List.of("/ok", "bad\nid")));
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.initiate(a, List.of("na")));
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.respond(a, Set.of()));
    }

    private static String message(String text) {
        ByteBuf buf = Unpooled.buffer();
        MultistreamCodec.write(buf, text);
        return ByteBufUtil.hexDump(buf);
    }

    private static ByteBuf bytes(String hexMessages, String trailingText) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hexMessages), trailingText.getBytes(StandardCharsets.UTF_8));
    }

    private static String drainHex(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (ByteBuf buf; (buf = ch.readOutbound()) != null; ) {
            sb.append(ByteBufUtil.hexDump(buf));
            buf.release();
        }
        return sb.toString();
    }

    private static Throwable failure(CompletableFuture<String> f) {
        assertTrue(f.isCompletedExceptionally(), "expected a failed future, was " + f);
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return e.getCause();
    }

    private static SimpleChannelInboundHandler<ByteBuf> collector(List<String> received) {
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                received.add(msg.toString(StandardCharsets.UTF_8));
            }
        };
    }
}
