package p2p.node.host;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import p2p.node.yamux.YamuxStreamChannel;

/**
 * What protocol handlers do to a stream that broke its protocol: abort it with a yamux RST, so the peer learns at
 * once and both sides free it, while the connection and its other streams go on. A plain close would only half-close
 * (FIN) and leave the peer's side open. A channel that is not a yamux stream (a test's embedded channel) is closed.
 */
public final class Streams {
    private Streams() {
    }

    public static ChannelFuture reset(Channel stream) {
        return stream instanceof YamuxStreamChannel yamux ? yamux.reset() : stream.close();
    }
}
