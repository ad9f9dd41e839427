package p2p.node.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Prefixes each outbound {@link ByteBuf} with its varint length, without copying the payload. */
@ChannelHandler.Sharable
public final class VarintFrameEncoder extends MessageToMessageEncoder<ByteBuf> {
    public static final VarintFrameEncoder INSTANCE = new VarintFrameEncoder();

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        ByteBuf prefix = ctx.alloc().buffer(Varint.size(msg.readableBytes()));
        Varint.write(prefix, msg.readableBytes());
        out.add(prefix);
        out.add(msg.retain());
    }
}
