package p2p.node.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * {@link YamuxFrame}s to bytes. A DATA payload is not copied: header and payload go out as one composite buffer
 * (one message, so a layer below such as Noise sees the frame whole).
 */
public final class YamuxFrameEncoder extends MessageToMessageEncoder<YamuxFrame> {
    public YamuxFrameEncoder() {
        super(YamuxFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, YamuxFrame frame, List<Object> out) {
        ByteBuf header = ctx.alloc().buffer(YamuxFrame.HEADER_LENGTH);
        writeHeader(frame, header);
        ByteBuf data = frame.data();
        if (data == null || !data.isReadable()) {
            if (data != null) {
                data.release();
            }
            out.add(header);
            return;
        }
        out.add(ctx.alloc().compositeBuffer(2).addComponents(true, header, data));
    }

    /** Writes the 12 header bytes of {@code frame} to {@code out}. */
    public static void writeHeader(YamuxFrame frame, ByteBuf out) {
        out.writeByte(YamuxFrame.VERSION);
        out.writeByte(frame.type().code());
        out.writeShort(frame.flags());
        out.writeInt((int) frame.streamId());
        out.writeInt((int) frame.length());
    }
}
