package p2p.node.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2p.testkit.netty.NoNettyLeaks;

@ExtendWith(NoNettyLeaks.class)
class MultistreamCodecTest {
    /** The two hex examples of the multistream-select README. */
    @Test
    void specExamplesNaAndLs() {
        assertEquals("036e610a", hex("na"));
        assertEquals("036c730a", hex("ls"));
    }

    @Test
    void headerIsVarintNineteenThenTheIdAndANewline() {
        assertEquals("13" + HexFormat.of().formatHex("/multistream/1.0.0\n".getBytes()), hex(MultistreamCodec.PROTOCOL_ID));
        assertEquals(MultistreamCodec.HEADER_BODY_BYTES + 1, MultistreamCodec.encodedSize(MultistreamCodec.PROTOCOL_ID));
    }

    @Test
    void messagesRoundTripIncludingTwoByteLengthsAndUtf8() {
        String longId = "/p/" + "x".repeat(500);
        for (String text : new String[] {"/noise", "/yamux/1.0.0", "/ünï/1", longId, "x".repeat(MultistreamCodec.MAX_MESSAGE_BYTES - 1)}) {
            ByteBuf buf = Unpooled.buffer();
            MultistreamCodec.write(buf, text);
            assertEquals(MultistreamCodec.encodedSize(text), buf.readableBytes());
            assertEquals(text, MultistreamCodec.read(buf));
            assertEquals(0, buf.readableBytes());
        }
    }

    @Test
    void incompleteMessageReturnsNullWithoutConsuming() {
        ByteBuf full = Unpooled.buffer();
        MultistreamCodec.write(full, "/yamux/1.0.0");
        for (int cut = 0; cut < full.readableBytes(); cut++) {
            ByteBuf part = full.copy(0, cut);
            assertNull(MultistreamCodec.read(part));
            assertEquals(0, part.readerIndex());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "00",                 // zero length
        "8108" + "00",        // 1025 bytes, over the limit (body not needed to reject)
        "ffffffffffffffffffff", // varint longer than 9 bytes
        "8000",               // non-minimal varint
        "03616263",           // "abc" without newline
        "03c3280a",           // not UTF-8
    })
    void malformedMessagesAreRejected(String hex) {
        ByteBuf buf = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
        assertThrows(MultistreamException.class, () -> MultistreamCodec.read(buf));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\nb"})
    void writingAnInvalidMessageIsALocalBug(String text) {
        assertThrows(IllegalArgumentException.class, () -> MultistreamCodec.write(Unpooled.buffer(), text));
    }

    @Test
    void writingAnOversizedMessageIsALocalBug() {
        String text = "x".repeat(MultistreamCodec.MAX_MESSAGE_BYTES);
        assertThrows(IllegalArgumentException.class, () -> MultistreamCodec.write(Unpooled.buffer(), text));
    }

    private static String hex(String text) {
        ByteBuf buf = Unpooled.buffer();
        MultistreamCodec.write(buf, text);
        return ByteBufUtil.hexDump(buf);
    }
}
