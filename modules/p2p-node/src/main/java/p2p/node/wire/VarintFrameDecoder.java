package p2p.node.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import p2p.common.wire.ProtocolException;

/**
 * Splits a byte stream into varint-length-prefixed frames (identify, gossipsub RPCs, DHT messages,
 * multistream lines). The length is checked against {@code maxFrameBytes} before anything is allocated.
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;

    public VarintFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        long length = Varint.read(in);
        if (length == Varint.INCOMPLETE) {
            return;
        }
        if (length > maxFrameBytes) {
            in.skipBytes(in.readableBytes());
            throw new ProtocolException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
        }
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return;
        }
        out.add(in.readRetainedSlice((int) length));
    }
}
