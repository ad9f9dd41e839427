package p2p.node.ping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2p.common.wire.ProtocolException;
import p2p.testkit.netty.NoNettyLeaks;

@ExtendWith(NoNettyLeaks.class)
class PingProtocolTest {
    @Test
    void responderEchoesEachFullPayloadEvenWhenSplit() {
        EmbeddedChannel ch = new EmbeddedChannel();
        PingProtocol.respond(ch);
        byte[] first = new byte[32];
        byte[] second = new byte[32];
        for (int i = 0; i < 32; i++) {
            first[i] = (byte) i;
            second[i] = (byte) (100 + i);
        }
        ch.writeInbound(Unpooled.wrappedBuffer(first, 0, 20));
        assertNull(ch.readOutbound(), "no echo before 32 bytes arrived");
        ByteBuf rest = Unpooled.buffer();
        rest.writeBytes(first, 20, 12).writeBytes(second);
        ch.writeInbound(rest);
        ByteBuf echo1 = ch.readOutbound();
        ByteBuf echo2 = ch.readOutbound();
        assertArrayEquals(first, ByteBufUtil.getBytes(echo1));
        assertArrayEquals(second, ByteBufUtil.getBytes(echo2));
        echo1.release();
        echo2.release();
    }

    @Test
    void pingSendsThirtyTwoRandomBytesAndCompletesOnTheSameBytes() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<Duration> rtt = PingProtocol.ping(ch);
        ByteBuf sent = ch.readOutbound();
        assertTrue(sent.readableBytes() == PingProtocol.PAYLOAD_BYTES);
        ch.writeInbound(sent);
        assertFalse(rtt.get().isNegative());
        assertFalse(ch.isOpen(), "one ping per stream: closed after the echo");
    }

    @Test
    void differentEchoFailsThePing() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<Duration> rtt = PingProtocol.ping(ch);
        ByteBuf sent = ch.readOutbound();
        sent.setByte(0, sent.getByte(0) ^ 1);
        ch.writeInbound(sent);
        ExecutionException e = assertThrows(ExecutionException.class, rtt::get);
        assertInstanceOf(ProtocolException.class, e.getCause());
    }

    @Test
    void streamClosingBeforeTheEchoFailsThePing() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<Duration> rtt = PingProtocol.ping(ch);
        ByteBuf sent = ch.readOutbound();
        ch.writeInbound(sent.retainedSlice(0, 10));
        sent.release();
        ch.close();
        ExecutionException e = assertThrows(ExecutionException.class, rtt::get);
        assertInstanceOf(ProtocolException.class, e.getCause());
    }
}
