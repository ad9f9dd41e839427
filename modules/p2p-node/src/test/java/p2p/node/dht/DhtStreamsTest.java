package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.wire.Varint;
import p2p.testkit.netty.NoNettyLeaks;

/** The stream adapter on an {@link EmbeddedChannel} standing in for a multiplexed stream. */
@ExtendWith(NoNettyLeaks.class)
class DhtStreamsTest {
    private static final DhtMessageCodec CODEC = new DhtMessageCodec(AddressFilter.DEFAULT);
    private static final PeerId REMOTE = new TestPeers(1200).next();
    private static final DhtPeer NEIGHBOUR = new DhtPeer(new TestPeers(1201).next(),
            List.of(Multiaddr.parse("/ip4/10.0.0.3/tcp/9905")));

    private static ByteBuf framed(byte[] body) {
        ByteBuf out = Unpooled.buffer();
        Varint.write(out, body.length);
        out.writeBytes(body);
        return out;
    }

    private static DhtMessage readFrame(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        long length = Varint.read(all);
        assertEquals(all.readableBytes(), length);
        byte[] body = new byte[(int) length];
        all.readBytes(body);
        all.release();
        return CODEC.decode(body);
    }

    private static EmbeddedChannel server() {
        EmbeddedChannel channel = new EmbeddedChannel();
        DhtStreams.serve(channel, REMOTE, CODEC, (from, req) -> switch (req.type()) {
            case FIND_NODE -> new DhtMessage(req.type(), req.key(), List.of(NEIGHBOUR), List.of());
            case ADD_PROVIDER -> null;
            default -> throw new DhtProtocolException(req.type() + " not served here");
        }, Duration.ofMinutes(1));
        return channel;
    }

    @Test
    void serverAnswersEachRequestOnTheStream() {
        EmbeddedChannel channel = server();
        for (int i = 0; i < 3; i++) {
            channel.writeInbound(framed(CODEC.encode(DhtMessage.request(DhtMessage.Type.FIND_NODE, new byte[] {(byte) i}))));
            DhtMessage answer = readFrame(channel);
            assertEquals(List.of(NEIGHBOUR), answer.closerPeers());
            assertEquals(i, answer.key()[0]);
        }
        channel.writeInbound(framed(CODEC.encode(DhtMessage.request(DhtMessage.Type.ADD_PROVIDER, new byte[] {1}))));
        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void requestSplitAcrossReadsIsAnswered() {
        EmbeddedChannel channel = server();
        ByteBuf whole = framed(CODEC.encode(DhtMessage.request(DhtMessage.Type.FIND_NODE, new byte[] {9})));
        channel.writeInbound(whole.readRetainedSlice(3));
        assertNull(channel.readOutbound());
        channel.writeInbound(whole);
        assertEquals(DhtMessage.Type.FIND_NODE, readFrame(channel).type());
    }

    @Test
    void oversizedLengthPrefixClosesTheStreamWithoutAllocating() {
        EmbeddedChannel channel = server();
        ByteBuf prefix = Unpooled.buffer();
        Varint.write(prefix, DhtProtocol.MAX_MESSAGE_BYTES + 1L);
        channel.writeInbound(prefix);
        assertFalse(channel.isOpen());
    }

    @Test
    void badVarintUnknownTypeAndRefusedRequestsCloseTheStream() {
        EmbeddedChannel badVarint = server();
        badVarint.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex("ffffffffffffffffffff01")));
        assertFalse(badVarint.isOpen());

        EmbeddedChannel unknownType = server();
        unknownType.writeInbound(framed(HexFormat.of().parseHex("0809")));
        assertFalse(unknownType.isOpen());
        assertNull(unknownType.readOutbound());

        EmbeddedChannel refused = server();
        refused.writeInbound(framed(CODEC.encode(DhtMessage.request(DhtMessage.Type.PUT_VALUE, new byte[] {1}))));
        assertFalse(refused.isOpen());
    }

    @Test
    void clientReadsOneResponseAndClosesTheStream() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        DhtMessage request = DhtMessage.request(DhtMessage.Type.FIND_NODE, new byte[] {5});
        CompletableFuture<DhtMessage> response = DhtStreams.request(channel, CODEC, request, Duration.ofSeconds(10));
        assertEquals(request, readFrame(channel));
        DhtMessage answer = new DhtMessage(DhtMessage.Type.FIND_NODE, new byte[] {5}, List.of(NEIGHBOUR), List.of());
        channel.writeInbound(framed(CODEC.encode(answer)));
        assertEquals(answer, response.get(1, TimeUnit.SECONDS));
        assertFalse(channel.isOpen());
    }

    @Test
    void addProviderCompletesOnceWrittenAndCloses() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        DhtMessage add = new DhtMessage(DhtMessage.Type.ADD_PROVIDER, new byte[] {1}, List.of(), List.of(NEIGHBOUR));
        assertNull(DhtStreams.request(channel, CODEC, add, Duration.ofSeconds(10)).get(1, TimeUnit.SECONDS));
        assertEquals(add, readFrame(channel));
        assertFalse(channel.isOpen());
    }

    @Test
    void clientFailsOnGarbageOnEarlyCloseAndOnSilence() {
        EmbeddedChannel garbage = new EmbeddedChannel();
        CompletableFuture<DhtMessage> f1 = DhtStreams.request(garbage, CODEC,
                DhtMessage.request(DhtMessage.Type.FIND_NODE, new byte[] {1}), Duration.ofSeconds(10));
        garbage.writeInbound(framed(HexFormat.of().parseHex("0863")));
        assertInstanceOf(DhtProtocolException.class, assertThrowsCause(f1));
        assertFalse(garbage.isOpen());

        EmbeddedChannel closed = new EmbeddedChannel();
        CompletableFuture<DhtMessage> f2 = DhtStreams.request(closed, CODEC,
                DhtMessage.request(DhtMessage.Type.FIND_NODE, new byte[] {1}), Duration.ofSeconds(10));
        closed.close();
        assertInstanceOf(DhtProtocolException.class, assertThrowsCause(f2));

        EmbeddedChannel silent = new EmbeddedChannel();
        CompletableFuture<DhtMessage> f3 = DhtStreams.request(silent, CODEC,
                DhtMessage.request(DhtMessage.Type.FIND_NODE, new byte[] {1}), Duration.ofSeconds(10));
        silent.advanceTimeBy(11, TimeUnit.SECONDS);
        silent.runScheduledPendingTasks();
        assertInstanceOf(TimeoutException.class, assertThrowsCause(f3));
        assertFalse(silent.isOpen());
        // The requests the three channels took are still queued as written; the leak check wants them released.
        garbage.finishAndReleaseAll();
        closed.finishAndReleaseAll();
        silent.finishAndReleaseAll();
    }

    private static Throwable assertThrowsCause(CompletableFuture<?> future) {
        assertTrue(future.isCompletedExceptionally(), "future must have failed");
        try {
            future.get();
            throw new AssertionError("unreachable");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
