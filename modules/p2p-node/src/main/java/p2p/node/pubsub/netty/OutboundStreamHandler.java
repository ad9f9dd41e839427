package p2p.node.pubsub.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import p2p.node.crypto.PeerId;

/**
 * The end of our outbound pubsub stream's pipeline: we only write there, so bytes the peer sends on it are
 * discarded, and a stream error (reset, connection gone) just closes it; the close is what tells the router.
 */
final class OutboundStreamHandler extends ChannelInboundHandlerAdapter {
    private final PeerId peer;

    OutboundStreamHandler(PeerId peer) {
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.getLogger(OutboundStreamHandler.class.getName()).log(System.Logger.Level.DEBUG,
                "pubsub stream to " + peer + " failed: " + cause);
        ctx.close();
    }
}
