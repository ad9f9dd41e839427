package p2p.node.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2p.common.wire.ProtocolException;
import p2p.node.host.IdentifyInfo;
import p2p.node.wire.Varint;
import p2p.testkit.netty.NoNettyLeaks;

@ExtendWith(NoNettyLeaks.class)
class IdentifyStreamsTest {
    private static final IdentifyInfo INFO = new IdentifyInfo("ipfs/0.1.0", "agent/1", Optional.empty(), List.of(),
            Optional.empty(), List.of("/ipfs/ping/1.0.0"));

    private static ByteBuf framed(byte[] body) {
        ByteBuf out = Unpooled.buffer();
        Varint.write(out, body.length);
        out.writeBytes(body);
        return out;
    }

    @Test
    void writeSendsOneLengthPrefixedMessageThenCloses() {
        EmbeddedChannel ch = new EmbeddedChannel();
        IdentifyStreams.write(ch, INFO);
        ByteBuf out = ch.readOutbound();
        long length = Varint.read(out);
        assertEquals(out.readableBytes(), length);
        byte[] body = new byte[out.readableBytes()];
        out.readBytes(body);
        out.release();
        assertEquals("agent/1", IdentifyCodec.decode(body).agentVersion());
        assertFalse(ch.isOpen());
    }

    @Test
    void readAssemblesAMessageSplitAcrossReads() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<IdentifyInfo> result = IdentifyStreams.read(ch);
        ByteBuf all = framed(IdentifyCodec.encode(INFO));
        while (all.isReadable()) {
            ch.writeInbound(all.readRetainedSlice(1));
        }
        all.release();
        assertEquals(INFO.protocols(), result.get().protocols());
        assertFalse(ch.isOpen(), "the reader closes the stream once the message is read");
    }

    @Test
    void lengthAboveTheCapFailsBeforeBuffering() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<IdentifyInfo> result = IdentifyStreams.read(ch);
        ByteBuf prefix = Unpooled.buffer();
        Varint.write(prefix, IdentifyCodec.MAX_MESSAGE_BYTES + 1);
        ch.writeInbound(prefix);
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        assertInstanceOf(ProtocolException.class, e.getCause());
        assertFalse(ch.isOpen());
    }

    @Test
    void badVarintFails() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<IdentifyInfo> result = IdentifyStreams.read(ch);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
        assertThrows(ExecutionException.class, result::get);
        assertFalse(ch.isOpen());
    }

    @Test
    void malformedBodyFailsWithIdentifyException() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<IdentifyInfo> result = IdentifyStreams.read(ch);
        ch.writeInbound(framed(new byte[] {(byte) 0xff, (byte) 0xff}));
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        assertInstanceOf(IdentifyException.class, e.getCause());
    }

    @Test
    void endOfStreamBeforeTheMessageFails() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<IdentifyInfo> result = IdentifyStreams.read(ch);
        ByteBuf truncated = framed(IdentifyCodec.encode(INFO));
        ch.writeInbound(truncated.retainedSlice(0, truncated.readableBytes() - 2));
        truncated.release();
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        assertTrue(e.getCause().getMessage().contains("ended before"));
    }

    @Test
    void closeBeforeTheMessageFails() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<IdentifyInfo> result = IdentifyStreams.read(ch);
        ch.close();
        assertThrows(ExecutionException.class, result::get);
    }
}
