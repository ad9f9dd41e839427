package p2p.node.yamux;

import io.netty.channel.CombinedChannelDuplexHandler;

/** The yamux wire codec as one pipeline handler: {@link YamuxFrameDecoder} inbound, {@link YamuxFrameEncoder} outbound. */
public final class YamuxFrameCodec extends CombinedChannelDuplexHandler<YamuxFrameDecoder, YamuxFrameEncoder> {
    /** @param maxDataLength the largest DATA payload accepted from the peer */
    public YamuxFrameCodec(int maxDataLength) {
        super(new YamuxFrameDecoder(maxDataLength), new YamuxFrameEncoder());
    }
}
