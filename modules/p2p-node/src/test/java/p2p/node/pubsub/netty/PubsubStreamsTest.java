package p2p.node.pubsub.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.multistream.NoCommonProtocolException;
import p2p.node.pubsub.PubsubProtocols;
import p2p.testkit.netty.NoNettyLeaks;

/** The stream side of pubsub on EmbeddedChannels: framing, hostile bytes, outbound links and protocol fallback. */
@ExtendWith(NoNettyLeaks.class)
class PubsubStreamsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int LIMIT = 1024;

    private final PeerId peer = peerId(3);
    private final RecordingInbound router = new RecordingInbound();
    private final PubsubStreams streams = new PubsubStreams(router, LIMIT);

    private static PeerId peerId(int seed) {
        byte[] bytes = new byte[32];
        new Random(seed).nextBytes(bytes);
        return PeerId.fromPublicKey(Ed25519PrivKey.fromSeed(bytes).publicKey());
    }

    private EmbeddedChannel inbound() {
        EmbeddedChannel channel = new EmbeddedChannel();
        streams.inboundStream(channel, peer);
        return channel;
    }

    @Test
    void framesSplitAcrossReadsReachTheRouterWhole() {
        EmbeddedChannel channel = inbound();
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("03aabb")));
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("cc02")));
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("ddee00")));
        assertEquals(3, router.frames.size());
        assertArrayEquals(HEX.parseHex("aabbcc"), router.frames.get(0));
        assertArrayEquals(HEX.parseHex("ddee"), router.frames.get(1));
        assertArrayEquals(new byte[0], router.frames.get(2));
        assertTrue(router.violations.isEmpty());
        assertTrue(channel.isOpen());
    }

    @Test
    void overlongVarintIsAViolationAndClosesTheStream() {
        EmbeddedChannel channel = inbound();
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("ffffffffffffffffffff01")));
        assertEquals(1, router.violations.size());
        assertTrue(router.violations.get(0).contains("varint"), router.violations.get(0));
        assertFalse(channel.isOpen());
        assertTrue(router.frames.isEmpty());
    }

    @Test
    void nonMinimalVarintIsAViolation() {
        EmbeddedChannel channel = inbound();
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("8000")));
        assertEquals(1, router.violations.size());
        assertFalse(channel.isOpen());
    }

    @Test
    void oversizedLengthIsAViolationBeforeAnyAllocation() {
        EmbeddedChannel channel = inbound();
        // 2^20 announced, only a few bytes follow: rejected from the prefix alone
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("80804000")));
        assertEquals(1, router.violations.size());
        assertTrue(router.violations.get(0).contains(String.valueOf(LIMIT)), router.violations.get(0));
        assertFalse(channel.isOpen());
    }

    @Test
    void truncatedFrameAtCloseIsNeitherDeliveredNorAViolation() {
        EmbeddedChannel channel = inbound();
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("05aabb")));
        channel.close();
        assertTrue(router.frames.isEmpty());
        assertTrue(router.violations.isEmpty());
    }

    @Test
    void outboundLinkWritesLengthPrefixedFramesAndCountsPending() {
        EmbeddedChannel channel = new EmbeddedChannel();
        streams.outboundStream(channel, peer, PubsubProtocols.MESHSUB_V11);
        assertEquals(1, router.connected.size());
        var link = router.connected.get(0);
        assertEquals(peer, link.peer());
        assertEquals(PubsubProtocols.MESHSUB_V11, link.protocolId());

        link.send(HEX.parseHex("0a0b0c"));
        assertEquals(1, link.pendingFrames(), "queued until the event loop's next turn");
        channel.runPendingTasks();
        ByteBuf prefix = channel.readOutbound();
        ByteBuf body = channel.readOutbound();
        assertEquals("03", io.netty.buffer.ByteBufUtil.hexDump(prefix));
        assertEquals("0a0b0c", io.netty.buffer.ByteBufUtil.hexDump(body));
        prefix.release();
        body.release();
        assertEquals(0, link.pendingFrames());
    }

    @Test
    void idontwantTakesBackAMessageFrameNotYetWritten() {
        EmbeddedChannel channel = new EmbeddedChannel();
        streams.outboundStream(channel, peer, PubsubProtocols.MESHSUB_V12);
        var link = router.connected.get(0);
        ByteString wanted = ByteString.copyFromUtf8("wanted");
        ByteString unwanted = ByteString.copyFromUtf8("unwanted");

        // queued by the router's thread; the event loop writes them on its next turn
        CompletableFuture<Void> first = link.sendMessage(HEX.parseHex("0a01"), wanted);
        CompletableFuture<Void> second = link.sendMessage(HEX.parseHex("0a02"), unwanted);
        assertTrue(link.cancel(unwanted));
        assertFalse(link.cancel(unwanted), "a frame is taken back once");
        assertTrue(second.isDone(), "a taken-back frame counts as done: the peer has the message");
        channel.runPendingTasks();

        ByteBuf prefix = channel.readOutbound();
        ByteBuf body = channel.readOutbound();
        assertEquals("0a01", io.netty.buffer.ByteBufUtil.hexDump(body));
        prefix.release();
        body.release();
        assertNull(channel.readOutbound(), "the taken-back frame was written");
        assertTrue(first.isDone());
        assertFalse(link.cancel(wanted), "a written frame cannot be taken back");
        assertEquals(0, link.pendingFrames());
    }

    @Test
    void closingTheOutboundStreamDisconnectsThePeer() {
        EmbeddedChannel channel = new EmbeddedChannel();
        streams.outboundStream(channel, peer, PubsubProtocols.MESHSUB_V11);
        channel.close();
        assertEquals(List.of(peer), router.disconnected);
    }

    @Test
    void outboundStreamClosingByItselfIsReportedForReopening() {
        List<PeerId> lost = new CopyOnWriteArrayList<>();
        PubsubStreams withHook = new PubsubStreams(router, LIMIT, lost::add);
        EmbeddedChannel closesByItself = new EmbeddedChannel();
        EmbeddedChannel endsWithPeer = new EmbeddedChannel();
        withHook.outboundStream(closesByItself, peer, PubsubProtocols.MESHSUB_V11);
        closesByItself.close();
        assertEquals(List.of(peer), lost);

        withHook.outboundStream(endsWithPeer, peer, PubsubProtocols.MESHSUB_V11);
        withHook.peerGone(peer);
        assertFalse(endsWithPeer.isOpen());
        assertEquals(List.of(peer), lost, "a peer that left is not reopened");
    }

    @Test
    void outboundClosingWhileThePeersInboundStaysOpenLosesOnlyTheLink() {
        EmbeddedChannel in = inbound();
        EmbeddedChannel out = new EmbeddedChannel();
        streams.outboundStream(out, peer, PubsubProtocols.MESHSUB_V11);
        out.close();
        assertTrue(in.isOpen());
        assertTrue(router.disconnected.isEmpty(), "the peer still talks to us: not disconnected");
        assertEquals(List.of(router.connected.get(0)), router.lost);

        EmbeddedChannel again = new EmbeddedChannel();
        streams.outboundStream(again, peer, PubsubProtocols.MESHSUB_V11);
        in.close();
        again.close();
        assertEquals(List.of(peer), router.disconnected, "no inbound left: the peer is forgotten");
    }

    @Test
    void replacingTheOutboundStreamDoesNotDisconnect() {
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();
        streams.outboundStream(first, peer, PubsubProtocols.MESHSUB_V11);
        streams.outboundStream(second, peer, PubsubProtocols.MESHSUB_V11);
        assertFalse(first.isOpen());
        assertTrue(router.disconnected.isEmpty());
        assertEquals(2, router.connected.size());
    }

    @Test
    void routerClosingALinkAlsoClosesThePeersInboundStreams() {
        EmbeddedChannel in = inbound();
        EmbeddedChannel out = new EmbeddedChannel();
        streams.outboundStream(out, peer, PubsubProtocols.MESHSUB_V11);
        router.connected.get(0).close("bad peer");
        assertFalse(in.isOpen());
        assertFalse(out.isOpen());
    }

    @Test
    void outboundFallsBackThroughTheProtocolList() {
        List<String> offered = new CopyOnWriteArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        String agreed = streams.openOutbound(peer, (p, protocolId) -> {
            offered.add(protocolId);
            return protocolId.equals(PubsubProtocols.MESHSUB_V10)
                    ? CompletableFuture.completedFuture(channel)
                    : CompletableFuture.failedFuture(new NoCommonProtocolException(List.of(protocolId)));
        }).join();
        assertEquals(PubsubProtocols.MESHSUB_V10, agreed);
        assertEquals(List.of(PubsubProtocols.MESHSUB_V12, PubsubProtocols.MESHSUB_V11, PubsubProtocols.MESHSUB_V10),
                offered);
        assertEquals(PubsubProtocols.MESHSUB_V10, router.connected.get(0).protocolId());
    }
}
