package p2p.node.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into libp2p Noise messages: a 2-byte big-endian length, then that many bytes (at most
 * 65535, so the length itself is the bound). Emits each message as a retained slice; keeps partial ones buffered.
 * Zero-length messages are passed on and refused by {@link NoiseSecureHandler}, which knows the minimum sizes.
 */
final class NoiseFrameDecoder extends ByteToMessageDecoder {
    static final int LENGTH_BYTES = 2;
    static final int MAX_MESSAGE = 65535;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < LENGTH_BYTES) {
            return;
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (in.readableBytes() < LENGTH_BYTES + length) {
            return;
        }
        in.skipBytes(LENGTH_BYTES);
        out.add(in.readRetainedSlice(length));
    }
}
