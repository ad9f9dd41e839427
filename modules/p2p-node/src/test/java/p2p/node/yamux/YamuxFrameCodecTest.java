package p2p.node.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2p.testkit.netty.NoNettyLeaks;

@ExtendWith(NoNettyLeaks.class)
class YamuxFrameCodecTest {
    private static final int MAX_DATA = 1024;

    // ---- the header layout of the spec: version u8, type u8, flags u16, stream id u32, length u32, big-endian ----

    @Test
    void encodesWindowUpdateSynAsSpecHeader() {
        assertEquals("00" + "01" + "0001" + "00000001" + "00000000",
                encodeHex(YamuxFrame.windowUpdate(1, YamuxFlags.SYN, 0)));
    }

    @Test
    void encodesDataFrameHeaderThenPayload() {
        ByteBuf payload = Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII);
        assertEquals("00" + "00" + "0002" + "00000003" + "00000005" + "68656c6c6f",
                encodeHex(YamuxFrame.data(3, YamuxFlags.ACK, payload)));
    }

    @Test
    void encodesPingAckAndGoAwayAndCombinedFlags() {
        assertEquals("00" + "02" + "0002" + "00000000" + "deadbeef", encodeHex(YamuxFrame.ping(YamuxFlags.ACK, 0xDEADBEEFL)));
        assertEquals("00" + "03" + "0000" + "00000000" + "00000001", encodeHex(YamuxFrame.goAway(YamuxGoAwayCode.PROTOCOL_ERROR)));
        assertEquals("00" + "01" + "000c" + "ffffffff" + "00040000",
                encodeHex(YamuxFrame.windowUpdate(0xFFFFFFFFL, YamuxFlags.FIN | YamuxFlags.RST, 256 * 1024)));
    }

    @Test
    void decodesSpecHeaderBytes() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(hex("00" + "01" + "0005" + "00000007" + "00010000"));
        YamuxFrame frame = ch.readInbound();
        assertEquals(YamuxType.WINDOW_UPDATE, frame.type());
        assertEquals(YamuxFlags.SYN | YamuxFlags.FIN, frame.flags());
        assertEquals(7, frame.streamId());
        assertEquals(65536, frame.length());
        assertNull(frame.data());
        assertFalse(ch.finish());
    }

    @Test
    void decodesUnsignedMaximaWithoutSignErrors() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(hex("00" + "02" + "ffff" + "ffffffff" + "ffffffff"));
        YamuxFrame frame = ch.readInbound();
        assertEquals(0xFFFF, frame.flags());
        assertEquals(YamuxFrame.MAX_UINT32, frame.streamId());
        assertEquals(YamuxFrame.MAX_UINT32, frame.length());
    }

    @Test
    void roundTripsRandomFrames() {
        Random random = new Random(42);
        EmbeddedChannel encoder = new EmbeddedChannel(new YamuxFrameEncoder());
        EmbeddedChannel decoder = decoder();
        for (int i = 0; i < 500; i++) {
            YamuxType type = YamuxType.values()[random.nextInt(4)];
            int flags = random.nextInt(16);
            long streamId = random.nextLong(YamuxFrame.MAX_UINT32 + 1);
            YamuxFrame sent;
            byte[] payload = null;
            if (type == YamuxType.DATA) {
                payload = new byte[random.nextInt(MAX_DATA + 1)];
                random.nextBytes(payload);
                sent = YamuxFrame.data(streamId, flags, Unpooled.wrappedBuffer(payload));
            } else {
                sent = new YamuxFrame(type, flags, streamId, random.nextLong(YamuxFrame.MAX_UINT32 + 1), null);
            }
            long length = sent.length();
            assertTrue(encoder.writeOutbound(sent));
            ByteBuf wire = encoder.readOutbound();
            // Split the bytes at a random point: the decoder must reassemble across reads.
            int cut = random.nextInt(wire.readableBytes() + 1);
            decoder.writeInbound(wire.readRetainedSlice(cut));
            decoder.writeInbound(wire);
            YamuxFrame received = decoder.readInbound();
            assertEquals(type, received.type());
            assertEquals(flags, received.flags());
            assertEquals(streamId, received.streamId());
            assertEquals(length, received.length());
            if (payload != null) {
                assertArrayEquals(payload, ByteBufUtil.getBytes(received.data()));
                received.data().release();
            }
            assertNull(decoder.readInbound());
        }
        assertFalse(decoder.finish());
    }

    @Test
    void decodesSeveralFramesFromOneBuffer() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(hex("000200010000000000000009" + "000000000000000300000002abcd" + "000300000000000000000000"));
        assertEquals(YamuxType.PING, ch.<YamuxFrame>readInbound().type());
        YamuxFrame data = ch.readInbound();
        assertEquals("abcd", ByteBufUtil.hexDump(data.data()));
        data.data().release();
        assertEquals(YamuxType.GO_AWAY, ch.<YamuxFrame>readInbound().type());
    }

    // ---- malformed input ----

    @Test
    void waitsForTruncatedHeaderAndPayload() {
        EmbeddedChannel ch = decoder();
        byte[] frame = HexFormat.of().parseHex("000000000000000500000004" + "01020304");
        for (int i = 0; i < frame.length - 1; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(frame, i, 1));
            assertNull(ch.readInbound(), "no frame after " + (i + 1) + " of " + frame.length + " bytes");
        }
        ch.writeInbound(Unpooled.wrappedBuffer(frame, frame.length - 1, 1));
        YamuxFrame data = ch.readInbound();
        assertEquals(4, data.data().readableBytes());
        data.data().release();
    }

    @Test
    void truncatedFrameAtEndOfInputYieldsNothing() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(hex("0000000000000005000000080102"));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void rejectsUnknownVersion() {
        assertDecodeError("000100010000000100000000".replaceFirst("^00", "01"), "version 1");
    }

    @Test
    void rejectsUnknownType() {
        assertDecodeError("000400000000000000000000", "type 4");
    }

    @Test
    void rejectsDataLengthAboveLimitFromHeaderAlone() {
        // Only the header is sent: the decoder must not wait for (or buffer) the 1025 payload bytes.
        assertDecodeError("000000000000000100000401", "1025 bytes");
        assertDecodeError("0000000000000001ffffffff", "4294967295 bytes");
    }

    @Test
    void acceptsDataLengthExactlyAtLimit() {
        EmbeddedChannel ch = decoder();
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(hex("000000000000000100000400"));
        in.writeZero(MAX_DATA);
        ch.writeInbound(in);
        YamuxFrame frame = ch.readInbound();
        assertEquals(MAX_DATA, frame.data().readableBytes());
        frame.data().release();
    }

    @Test
    void discardsEverythingAfterAMalformedHeader() {
        EmbeddedChannel ch = decoder();
        assertThrows(DecoderException.class, () -> ch.writeInbound(hex("070000000000000000000000")));
        ch.writeInbound(hex("000200010000000000000009"));
        assertNull(ch.readInbound(), "a well-formed frame after the error must not be decoded");
        assertFalse(ch.finish());
    }

    @Test
    void frameRejectsInconsistentFields() {
        assertThrows(IllegalArgumentException.class, () -> new YamuxFrame(YamuxType.DATA, 0, 1, 3, null));
        assertThrows(IllegalArgumentException.class,
                () -> new YamuxFrame(YamuxType.DATA, 0, 1, 3, Unpooled.wrappedBuffer(new byte[2])));
        assertThrows(IllegalArgumentException.class,
                () -> new YamuxFrame(YamuxType.PING, 0, 0, 3, Unpooled.wrappedBuffer(new byte[3])));
        assertThrows(IllegalArgumentException.class, () -> YamuxFrame.windowUpdate(1L << 32, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> YamuxFrame.windowUpdate(1, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> YamuxFrame.windowUpdate(1, 0x10000, 0));
    }

    @Test
    void flagNamesForLogs() {
        assertEquals("SYN|FIN", YamuxFlags.toString(YamuxFlags.SYN | YamuxFlags.FIN));
        assertEquals("-", YamuxFlags.toString(0));
        assertEquals("RST|0x10", YamuxFlags.toString(YamuxFlags.RST | 0x10));
    }

    private static void assertDecodeError(String hexBytes, String messagePart) {
        EmbeddedChannel ch = decoder();
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(hex(hexBytes)));
        YamuxProtocolException cause = assertInstanceOf(YamuxProtocolException.class, e.getCause());
        assertTrue(cause.getMessage().contains(messagePart), cause.getMessage());
        assertNull(ch.readInbound());
    }

    private static EmbeddedChannel decoder() {
        return new EmbeddedChannel(new YamuxFrameDecoder(MAX_DATA));
    }

    private static String encodeHex(YamuxFrame frame) {
        EmbeddedChannel ch = new EmbeddedChannel(new YamuxFrameEncoder());
        assertTrue(ch.writeOutbound(frame));
        ByteBuf out = ch.readOutbound();
        try {
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    }
}
