package p2p.node.host;

import io.netty.channel.Channel;
import p2p.node.crypto.PeerId;

/**
 * Serves one stream protocol. Called on the stream's event loop right after the protocol was agreed; it must add
 * its handlers to {@code stream}'s pipeline before returning (bytes the peer sent right after the negotiation are
 * passed to them) and must not block.
 */
@FunctionalInterface
public interface StreamHandler {
    void onStream(Channel stream, PeerId remotePeer);
}
