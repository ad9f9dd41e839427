package p2p.node.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.noise.pb.NoiseProto.NoiseHandshakePayload;
import p2p.testkit.netty.NoNettyLeaks;

/** Java-to-Java Noise sessions over pairs of {@link EmbeddedChannel}s, then hostile peers. */
@ExtendWith(NoNettyLeaks.class)
class NoiseSecureChannelTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519PrivKey aliceKey = Ed25519PrivKey.generate(RANDOM);
    private final Ed25519PrivKey bobKey = Ed25519PrivKey.generate(RANDOM);
    private final PeerId alice = PeerId.fromPublicKey(aliceKey.publicKey());
    private final PeerId bob = PeerId.fromPublicKey(bobKey.publicKey());

    /** Moves every outbound buffer of each channel to the other until both are quiet. */
    static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved = true;
        while (moved) {
            moved = transfer(a, b) | transfer(b, a);
        }
    }

    static boolean transfer(EmbeddedChannel from, EmbeddedChannel to) {
        boolean any = false;
        for (ByteBuf buf = from.readOutbound(); buf != null; buf = from.readOutbound()) {
            any = true;
            if (to.isOpen()) {
                to.writeInbound(buf);
            } else {
                buf.release();
            }
        }
        return any;
    }

    static ByteBuf drainOutbound(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf buf = ch.readOutbound(); buf != null; buf = ch.readOutbound()) {
            all.writeBytes(buf);
            buf.release();
        }
        return all;
    }

    static byte[] drainInbound(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf buf = ch.readInbound(); buf != null; buf = ch.readInbound()) {
            all.writeBytes(buf);
            buf.release();
        }
        byte[] out = ByteBufUtil.getBytes(all);
        all.release();
        return out;
    }

    static Throwable failure(CompletableFuture<?> future) {
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

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void handshakeAuthenticatesBothPeersAndCarriesDataBothWays() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.of(bob));
        CompletableFuture<SecureSession> fb = NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        pump(a, b);

        assertEquals(bob, fa.get().remotePeer());
        assertEquals(alice, fa.get().localPeer());
        assertEquals(bobKey.publicKey(), fa.get().remotePublicKey());
        assertEquals(alice, fb.get().remotePeer());

        a.writeAndFlush(bytes("hello bob"));
        b.writeAndFlush(bytes("hello alice"));
        pump(a, b);
        assertEquals("hello bob", new String(drainInbound(b), StandardCharsets.UTF_8));
        assertEquals("hello alice", new String(drainInbound(a), StandardCharsets.UTF_8));
        assertTrue(a.isOpen() && b.isOpen());
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void layerIsAddedAfterWhateverIsAlreadyInThePipeline() {
        EmbeddedChannel a = new EmbeddedChannel();
        a.pipeline().addLast("pnet", new ChannelInboundHandlerAdapter());
        NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        assertEquals(List.of("pnet", NoiseSecureChannel.DECODER_NAME, NoiseSecureChannel.HANDLER_NAME),
                a.pipeline().names().subList(0, 3));
        a.finishAndReleaseAll();
    }

    @Test
    void largeWriteIsSplitIntoMaximumSizeMessages() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        pump(a, b);
        fa.get();

        byte[] big = new byte[200_000];
        RANDOM.nextBytes(big);
        var write = a.writeAndFlush(Unpooled.wrappedBuffer(big));
        List<ByteBuf> frames = new ArrayList<>();
        for (ByteBuf f = a.readOutbound(); f != null; f = a.readOutbound()) {
            frames.add(f);
        }
        assertTrue(write.isSuccess());
        int expectedFrames = (big.length + NoiseSecureHandler.MAX_PLAINTEXT - 1) / NoiseSecureHandler.MAX_PLAINTEXT;
        assertEquals(expectedFrames, frames.size());
        assertEquals(2 + 65535, frames.get(0).readableBytes(), "full messages use the whole 65535 bytes");
        for (ByteBuf f : frames) {
            int length = f.getUnsignedShort(f.readerIndex());
            assertEquals(f.readableBytes() - 2, length);
            assertTrue(length <= 65535);
            b.writeInbound(f);
        }
        assertArrayEquals(big, drainInbound(b));
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void writesUpToAFlushAreCutIntoFullMessagesAcrossWriteBoundaries() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        pump(a, b);
        fa.get();

        // Three 64 KiB writes and a 5-byte one, as a muxer writes frames: 196613 bytes fit in 4 full-size messages;
        // one message per write (or two per write, split at 65519) would need 4 or 7.
        byte[] data = new byte[3 * 65536 + 5];
        RANDOM.nextBytes(data);
        List<io.netty.channel.ChannelFuture> writes = new ArrayList<>();
        for (int off = 0; off < data.length; off += 65536) {
            writes.add(a.write(Unpooled.wrappedBuffer(data, off, Math.min(65536, data.length - off))));
        }
        assertNull(a.readOutbound(), "nothing is encrypted before the flush");
        assertFalse(writes.get(0).isDone());
        a.flush();
        List<ByteBuf> frames = new ArrayList<>();
        for (ByteBuf f = a.readOutbound(); f != null; f = a.readOutbound()) {
            frames.add(f);
        }
        assertEquals(4, frames.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(2 + 65535, frames.get(i).readableBytes(), "message " + i + " is full");
        }
        for (io.netty.channel.ChannelFuture w : writes) {
            assertTrue(w.isSuccess());
        }
        for (ByteBuf f : frames) {
            b.writeInbound(f);
        }
        assertArrayEquals(data, drainInbound(b));
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void unflushedWritesFailWhenTheChannelCloses() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        pump(a, b);
        fa.get();
        ByteBuf data = bytes("never flushed");
        var write = a.write(data);
        a.close();
        assertFalse(write.isSuccess());
        assertEquals(0, data.refCnt(), "the queued plaintext is released");
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void writesMadeDuringTheHandshakeAreSentOnceItCompletes() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        var early = a.writeAndFlush(bytes("early"));
        assertFalse(early.isDone());
        pump(a, b);
        assertTrue(early.isSuccess());
        assertEquals("early", new String(drainInbound(b), StandardCharsets.UTF_8));
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void dataArrivingInTheSameReadAsTheLastHandshakeMessageReachesTheNextLayer() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        List<String> seenByNextLayer = new ArrayList<>();
        NoiseSecureChannel.install(b, false, bobKey, Optional.empty()).thenAccept(session ->
                b.pipeline().addLast("next-layer", new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        seenByNextLayer.add(buf.toString(StandardCharsets.UTF_8));
                        buf.release();
                    }
                }));
        transfer(a, b); // message 1
        transfer(b, a); // message 2: alice completes and answers with message 3
        a.writeAndFlush(bytes("/multistream/1.0.0\n"));
        ByteBuf oneRead = drainOutbound(a); // message 3 and the first transport message, back to back
        b.writeInbound(oneRead);
        assertEquals(List.of("/multistream/1.0.0\n"), seenByNextLayer);
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void emptyWritesSendNothingAndEmptyMessagesDeliverNothing() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        pump(a, b);
        fa.get();
        assertTrue(a.writeAndFlush(Unpooled.EMPTY_BUFFER).isSuccess());
        assertNull(a.readOutbound());
        a.writeAndFlush(bytes("x"));
        pump(a, b);
        assertEquals("x", new String(drainInbound(b), StandardCharsets.UTF_8));
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    private static ByteBuf frame(byte[] message) {
        return Unpooled.buffer().writeShort(message.length).writeBytes(message);
    }

    private static byte[] unframe(ByteBuf framed) {
        framed.skipBytes(2);
        byte[] out = ByteBufUtil.getBytes(framed);
        framed.release();
        return out;
    }

    @Test
    void emptyTransportMessageFromAPeerIsAuthenticatedAndSwallowed() throws Exception {
        EmbeddedChannel b = new EmbeddedChannel();
        CompletableFuture<SecureSession> fb = NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        NoiseHandshake manual = new NoiseHandshake(true, aliceKey, Optional.of(bob), RANDOM);
        b.writeInbound(frame(manual.start()));
        b.writeInbound(frame(manual.receive(unframe(drainOutbound(b))).orElseThrow()));
        assertEquals(alice, fb.get().remotePeer());
        NoiseCipherState send = manual.transportCiphers()[0];
        b.writeInbound(frame(send.encryptWithAd(new byte[0], new byte[0])));
        assertNull(b.readInbound());
        assertTrue(b.isOpen());
        b.writeInbound(frame(send.encryptWithAd(new byte[0], "after".getBytes(StandardCharsets.UTF_8))));
        assertEquals("after", new String(drainInbound(b), StandardCharsets.UTF_8));
        b.finishAndReleaseAll();
    }

    @Test
    void wrongExpectedPeerIdFailsTheInitiatorWithPeerIdMismatch() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        PeerId someoneElse = PeerId.fromPublicKey(Ed25519PrivKey.generate(RANDOM).publicKey());
        CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.of(someoneElse));
        CompletableFuture<SecureSession> fb = NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        pump(a, b);
        PeerIdMismatchException e = assertInstanceOf(PeerIdMismatchException.class, failure(fa));
        assertEquals(someoneElse, e.expected());
        assertEquals(bob, e.actual());
        assertFalse(a.isOpen());
        assertFalse(fb.isDone(), "bob never got message 3");
        b.close();
        assertInstanceOf(NoiseHandshakeException.class, failure(fb));
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void responderCanAlsoRequireAPeerId() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        PeerId someoneElse = PeerId.fromPublicKey(Ed25519PrivKey.generate(RANDOM).publicKey());
        NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        CompletableFuture<SecureSession> fb = NoiseSecureChannel.install(b, false, bobKey, Optional.of(someoneElse));
        pump(a, b);
        assertInstanceOf(PeerIdMismatchException.class, failure(fb));
        assertFalse(b.isOpen());
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    /** A responder built from the raw state machine, answering message 1 with the given payload. */
    private static void answerAsHostileResponder(EmbeddedChannel initiator, byte[] payload, NoiseHandshakeState resp) {
        ByteBuf msg1 = drainOutbound(initiator);
        msg1.skipBytes(2);
        resp.readMessage(ByteBufUtil.getBytes(msg1));
        msg1.release();
        byte[] msg2 = resp.writeMessage(payload);
        ByteBuf frame = Unpooled.buffer().writeShort(msg2.length).writeBytes(msg2);
        initiator.writeInbound(frame);
    }

    @Test
    void payloadSignedOverAnotherStaticKeyIsRejected() {
        EmbeddedChannel a = new EmbeddedChannel();
        CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        NoiseHandshakeState resp = new NoiseHandshakeState(false, new byte[0], NoiseKeyPair.generate(RANDOM),
                NoiseKeyPair.generate(RANDOM));
        byte[] otherStatic = NoiseKeyPair.generate(RANDOM).publicKey();
        byte[] signed = new byte[NoiseHandshake.SIGNATURE_PREFIX.length + 32];
        System.arraycopy(NoiseHandshake.SIGNATURE_PREFIX, 0, signed, 0, NoiseHandshake.SIGNATURE_PREFIX.length);
        System.arraycopy(otherStatic, 0, signed, NoiseHandshake.SIGNATURE_PREFIX.length, 32);
        byte[] payload = NoiseHandshakePayload.newBuilder()
                .setIdentityKey(ByteString.copyFrom(bobKey.publicKey().marshal()))
                .setIdentitySig(ByteString.copyFrom(bobKey.sign(signed)))
                .build().toByteArray();
        answerAsHostileResponder(a, payload, resp);
        Throwable e = failure(fa);
        assertInstanceOf(NoiseHandshakeException.class, e);
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
        assertFalse(a.isOpen());
        assertNull(a.readInbound());
        a.finishAndReleaseAll();
    }

    @Test
    void payloadWithoutIdentityOrWithGarbageIsRejected() {
        byte[][] payloads = {
            new byte[0],
            NoiseHandshakePayload.newBuilder().setIdentityKey(ByteString.copyFrom(bobKey.publicKey().marshal()))
                    .build().toByteArray(),
            NoiseHandshakePayload.newBuilder().setIdentityKey(ByteString.copyFrom(new byte[] {8, 1, 18, 1, 0}))
                    .setIdentitySig(ByteString.copyFrom(new byte[64])).build().toByteArray(),
            {(byte) 0xff, (byte) 0xff, (byte) 0xff},
        };
        for (byte[] payload : payloads) {
            EmbeddedChannel a = new EmbeddedChannel();
            CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
            answerAsHostileResponder(a, payload, new NoiseHandshakeState(false, new byte[0],
                    NoiseKeyPair.generate(RANDOM), NoiseKeyPair.generate(RANDOM)));
            assertInstanceOf(NoiseHandshakeException.class, failure(fa));
            assertFalse(a.isOpen());
            a.finishAndReleaseAll();
        }
    }

    @Test
    void garbageAfterTheHandshakeClosesTheChannelWithoutLeakingAnException() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        pump(a, b);
        fa.get();
        byte[] garbage = new byte[100];
        RANDOM.nextBytes(garbage);
        // writeInbound rethrows anything that reached the end of the pipeline: it must not throw.
        a.writeInbound(Unpooled.buffer().writeShort(garbage.length).writeBytes(garbage));
        assertFalse(a.isOpen());
        assertNull(a.readInbound());
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void transportMessageShorterThanATagClosesTheChannel() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        pump(a, b);
        fa.get();
        a.writeInbound(Unpooled.buffer().writeShort(0));
        assertFalse(a.isOpen());
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void replayedTransportMessageFailsAuthentication() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        CompletableFuture<SecureSession> fa = NoiseSecureChannel.install(a, true, aliceKey, Optional.empty());
        NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        pump(a, b);
        fa.get();
        a.writeAndFlush(bytes("once"));
        ByteBuf frame = drainOutbound(a);
        b.writeInbound(frame.retainedDuplicate());
        assertEquals("once", new String(drainInbound(b), StandardCharsets.UTF_8));
        b.writeInbound(frame); // same nonce again
        assertFalse(b.isOpen());
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void truncatedHandshakeFrameThenCloseFailsTheFuture() {
        EmbeddedChannel b = new EmbeddedChannel();
        CompletableFuture<SecureSession> fb = NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
        // claims the largest message, delivers 10 bytes of it, then the peer goes away
        b.writeInbound(Unpooled.buffer().writeShort(65535).writeBytes(new byte[10]));
        assertFalse(fb.isDone());
        b.close();
        Throwable e = failure(fb);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        b.finishAndReleaseAll();
    }

    @Test
    void randomGarbageInsteadOfAHandshakeClosesTheChannel() {
        for (int i = 0; i < 50; i++) {
            EmbeddedChannel b = new EmbeddedChannel();
            CompletableFuture<SecureSession> fb = NoiseSecureChannel.install(b, false, bobKey, Optional.empty());
            byte[] garbage = new byte[1 + RANDOM.nextInt(400)];
            RANDOM.nextBytes(garbage);
            b.writeInbound(Unpooled.wrappedBuffer(garbage));
            // message 1 is unauthenticated plaintext, so a lucky garbage "message 1" is answered; message 3 never is
            drainOutbound(b).release();
            b.writeInbound(Unpooled.wrappedBuffer(garbage));
            b.close();
            assertInstanceOf(NoiseHandshakeException.class, failure(fb));
            b.finishAndReleaseAll();
        }
    }

    @Test
    void frameDecoderReassemblesSplitFramesAndEmitsEachOnce() {
        EmbeddedChannel ch = new EmbeddedChannel(new NoiseFrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
        assertNull(ch.readInbound());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 1, 2}));
        assertNull(ch.readInbound());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 0, 1, 9, 0, 0}));
        ByteBuf first = ch.readInbound();
        assertArrayEquals(new byte[] {1, 2, 3}, ByteBufUtil.getBytes(first));
        first.release();
        ByteBuf second = ch.readInbound();
        assertArrayEquals(new byte[] {9}, ByteBufUtil.getBytes(second));
        second.release();
        ByteBuf empty = ch.readInbound();
        assertEquals(0, empty.readableBytes());
        empty.release();
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }
}
