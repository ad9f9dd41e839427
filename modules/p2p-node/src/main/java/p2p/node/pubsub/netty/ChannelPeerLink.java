package p2p.node.pubsub.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import p2p.node.crypto.PeerId;
import p2p.node.pubsub.PubsubPeerLink;

/**
 * A {@link PubsubPeerLink} over our long-lived outbound pubsub stream to a peer. Each RPC is written with its
 * varint length by the pipeline's {@link p2p.node.util.VarintFrameEncoder}; the frames not yet written (for
 * instance while the yamux send window is exhausted) are counted so the router can bound them.
 */
final class ChannelPeerLink implements PubsubPeerLink {
    private final PeerId peer;
    private final String protocolId;
    private final Channel stream;
    private final Runnable onClose;
    /** Written by the router's loop (send) and the stream's event loop (write completion). */
    private final AtomicInteger pending = new AtomicInteger();

    ChannelPeerLink(PeerId peer, String protocolId, Channel stream, Runnable onClose) {
        this.peer = peer;
        this.protocolId = protocolId;
        this.stream = stream;
        this.onClose = onClose;
    }

    @Override
    public PeerId peer() {
        return peer;
    }

    @Override
    public String protocolId() {
        return protocolId;
    }

    @Override
    public void send(byte[] rpc) {
        pending.incrementAndGet();
        stream.writeAndFlush(Unpooled.wrappedBuffer(rpc)).addListener(future -> pending.decrementAndGet());
    }

    @Override
    public int pendingFrames() {
        return pending.get();
    }

    @Override
    public void close(String reason) {
        stream.close();
        onClose.run();
    }

    Channel stream() {
        return stream;
    }
}
