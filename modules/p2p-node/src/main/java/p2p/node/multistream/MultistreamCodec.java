package p2p.node.multistream;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import p2p.common.wire.ProtocolException;
import p2p.node.wire.Varint;

/**
 * multistream-select 1.0 messages (github.com/multiformats/multistream-select): an unsigned varint length, then
 * that many bytes of UTF-8 text ending in {@code '\n'} (the newline is counted in the length). Pure functions, no
 * state: the handlers keep the negotiation state.
 */
public final class MultistreamCodec {
    /** The multistream-select protocol id, sent first by both sides. */
    public static final String PROTOCOL_ID = "/multistream/1.0.0";
    /** The responder's answer to a protocol it does not support. */
    public static final String NA = "na";
    /**
     * Largest message accepted, newline included. The spec sets no limit; go-multistream and js-libp2p refuse
     * messages above 1 KiB, and so do we: protocol ids are short.
     */
    public static final int MAX_MESSAGE_BYTES = 1024;
    /** Encoded size of the {@link #PROTOCOL_ID} message body ({@code "/multistream/1.0.0\n"}). */
    static final int HEADER_BODY_BYTES = PROTOCOL_ID.length() + 1;

    private MultistreamCodec() {
    }

    /**
     * Appends one message.
     *
     * @throws IllegalArgumentException when {@code text} is empty, contains a newline or is too long (a local bug)
     */
    public static void write(ByteBuf out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length + 1 > MAX_MESSAGE_BYTES || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("not a valid multistream message: \"" + text + "\"");
        }
        Varint.write(out, bytes.length + 1L);
        out.writeBytes(bytes);
        out.writeByte('\n');
    }

    /** Encoded size of {@code text} as a message. */
    public static int encodedSize(String text) {
        int body = text.getBytes(StandardCharsets.UTF_8).length + 1;
        return Varint.size(body) + body;
    }

    /**
     * Peeks at the length of the next message without consuming anything.
     *
     * @return the length, or {@link Varint#INCOMPLETE} when the varint is not complete yet
     * @throws ProtocolException when the varint is malformed
     */
    public static long peekLength(ByteBuf in) {
        int start = in.readerIndex();
        long length = Varint.read(in);
        in.readerIndex(start);
        return length;
    }

    /**
     * Reads one message at the reader index, without its newline.
     *
     * @return the text, or null (reader index untouched) when the message is not complete yet
     * @throws MultistreamException when the length is out of bounds, the newline is missing or the text is not
     *     UTF-8; the bytes of a rejected message are not consumed
     */
    public static String read(ByteBuf in) {
        int start = in.readerIndex();
        long length;
        try {
            length = Varint.read(in);
        } catch (ProtocolException e) {
            throw new MultistreamException("malformed multistream length: " + e.getMessage(), e);
        }
        if (length == Varint.INCOMPLETE) {
            return null;
        }
        if (length < 1 || length > MAX_MESSAGE_BYTES) {
            in.readerIndex(start);
            throw new MultistreamException("multistream message length " + length + " outside 1.." + MAX_MESSAGE_BYTES);
        }
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return null;
        }
        int bodyStart = in.readerIndex();
        int newline = bodyStart + (int) length - 1;
        if (in.getByte(newline) != '\n') {
            in.readerIndex(start);
            throw new MultistreamException("multistream message of " + length + " bytes does not end with a newline");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in.nioBuffer(bodyStart, (int) length - 1))
                    .toString();
        } catch (CharacterCodingException e) {
            in.readerIndex(start);
            throw new MultistreamException("multistream message is not UTF-8", e);
        }
        in.readerIndex(newline + 1);
        return text;
    }
}
