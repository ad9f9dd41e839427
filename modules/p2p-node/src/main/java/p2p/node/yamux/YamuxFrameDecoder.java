package p2p.node.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Bytes to {@link YamuxFrame}s. Stateless apart from Netty's cumulation: checks the version, the type and, before
 * buffering a DATA payload, its length against {@code maxDataLength}. After the first malformed header it discards
 * everything that follows (the session is being torn down; re-reading the same bad bytes would only repeat the error).
 */
public final class YamuxFrameDecoder extends ByteToMessageDecoder {
    private final int maxDataLength;
    private boolean failed;

    /**
     * @param maxDataLength the largest DATA payload accepted; a larger length field is a protocol error detected from
     *                      the header alone, so a hostile peer cannot make us buffer more than this per connection
     */
    public YamuxFrameDecoder(int maxDataLength) {
        if (maxDataLength < 1) {
            throw new IllegalArgumentException("yamux maxDataLength must be positive, got " + maxDataLength);
        }
        this.maxDataLength = maxDataLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int version = in.getUnsignedByte(start);
        int typeCode = in.getUnsignedByte(start + 1);
        int flags = in.getUnsignedShort(start + 2);
        long streamId = in.getUnsignedInt(start + 4);
        long length = in.getUnsignedInt(start + 8);
        if (version != YamuxFrame.VERSION) {
            throw fail(in, "yamux version " + version + " is not supported (only " + YamuxFrame.VERSION + ")");
        }
        YamuxType type = YamuxType.fromCode(typeCode);
        if (type == null) {
            throw fail(in, "yamux frame type " + typeCode + " is unknown");
        }
        if (type != YamuxType.DATA) {
            in.skipBytes(YamuxFrame.HEADER_LENGTH);
            out.add(new YamuxFrame(type, flags, streamId, length, null));
            return;
        }
        if (length > maxDataLength) {
            throw fail(in, "yamux DATA frame of " + length + " bytes on stream " + streamId
                    + " exceeds the limit of " + maxDataLength);
        }
        if (in.readableBytes() < YamuxFrame.HEADER_LENGTH + length) {
            return;
        }
        in.skipBytes(YamuxFrame.HEADER_LENGTH);
        out.add(YamuxFrame.data(streamId, flags, in.readRetainedSlice((int) length)));
    }

    private YamuxProtocolException fail(ByteBuf in, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return new YamuxProtocolException(message);
    }
}
