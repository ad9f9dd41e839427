package p2p.node.pnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2p.node.crypto.Psk;
import p2p.testkit.netty.NoNettyLeaks;

@ExtendWith(NoNettyLeaks.class)
class PnetHandlerTest {
    private static final Psk PSK = Psk.fromHex("285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137");
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel pnetChannel(ByteArrayOutputStream received) {
        EmbeddedChannel ch = new EmbeddedChannel(new PnetHandler(PSK), new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                received.writeBytes(ByteBufUtil.getBytes(msg));
            }
        });
        channels.add(ch);
        return ch;
    }

    @Test
    void nonceLeavesFirstThenTheCiphertextOfTheSameLength() {
        EmbeddedChannel a = pnetChannel(new ByteArrayOutputStream());
        byte[] plain = "/multistream/1.0.0\n".getBytes(StandardCharsets.UTF_8);
        a.writeOutbound(Unpooled.wrappedBuffer(plain));
        ByteBuf nonce = a.readOutbound();
        assertEquals(24, nonce.readableBytes());
        ByteBuf cipher = a.readOutbound();
        assertEquals(plain.length, cipher.readableBytes());
        assertFalse(java.util.Arrays.equals(plain, ByteBufUtil.getBytes(cipher)));
        assertNull(a.readOutbound());
        nonce.release();
        cipher.release();
    }

    @Test
    void twoPeersWithTheSameKeyExchangeDataInBothDirectionsWhateverTheChunking() {
        ByteArrayOutputStream atA = new ByteArrayOutputStream();
        ByteArrayOutputStream atB = new ByteArrayOutputStream();
        EmbeddedChannel a = pnetChannel(atA);
        EmbeddedChannel b = pnetChannel(atB);
        Random random = new Random(7);
        byte[] fromA = new byte[100_000];
        byte[] fromB = new byte[50_000];
        random.nextBytes(fromA);
        random.nextBytes(fromB);
        writeInPieces(a, fromA, random);
        writeInPieces(b, fromB, random);
        deliverInPieces(a, b, random);
        deliverInPieces(b, a, random);
        assertArrayEquals(fromA, atB.toByteArray());
        assertArrayEquals(fromB, atA.toByteArray());
    }

    @Test
    void outboundBuffersAreNotModifiedSinceTheyMayBeSharedWithOtherPeers() {
        EmbeddedChannel a = pnetChannel(new ByteArrayOutputStream());
        ByteBuf shared = Unpooled.copiedBuffer("gossip sent to many peers", StandardCharsets.UTF_8);
        a.writeOutbound(shared.retainedDuplicate());
        assertEquals("gossip sent to many peers", shared.toString(StandardCharsets.UTF_8));
        shared.release();
    }

    @Test
    void eachConnectionUsesAFreshNonce() {
        EmbeddedChannel a = pnetChannel(new ByteArrayOutputStream());
        EmbeddedChannel b = pnetChannel(new ByteArrayOutputStream());
        a.flushOutbound();
        b.flushOutbound();
        ByteBuf nonceA = a.readOutbound();
        ByteBuf nonceB = b.readOutbound();
        assertNotEquals(ByteBufUtil.hexDump(nonceA), ByteBufUtil.hexDump(nonceB));
        nonceA.release();
        nonceB.release();
    }

    @Test
    void aPeerReflectingOurNonceIsDropped() {
        EmbeddedChannel a = pnetChannel(new ByteArrayOutputStream());
        a.flushOutbound();
        ByteBuf nonce = a.readOutbound();
        try {
            a.writeInbound(nonce);
            a.checkException();
        } catch (Exception expected) {
            // the ProtocolException travels up the pipeline before the close
        }
        assertFalse(a.isOpen());
    }

    private static void writeInPieces(EmbeddedChannel ch, byte[] data, Random random) {
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, 1 + random.nextInt(5000));
            ByteBuf piece = random.nextBoolean() ? Unpooled.directBuffer(n) : Unpooled.buffer(n);
            piece.writeBytes(data, at, n);
            ch.writeOutbound(piece);
            at += n;
        }
    }

    /** Re-cuts the sender's stream at random points (the nonce included) before the receiver reads it. */
    private static void deliverInPieces(EmbeddedChannel from, EmbeddedChannel to, Random random) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = from.readOutbound()) != null; ) {
            wire.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        byte[] bytes = wire.toByteArray();
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(at < 30 ? 3 : 7000));
            ByteBuf piece = random.nextBoolean() ? Unpooled.directBuffer(n) : Unpooled.buffer(n);
            piece.writeBytes(bytes, at, n);
            to.writeInbound(piece);
            at += n;
        }
    }
}
