package p2p.node.host;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import p2p.node.crypto.PeerId;

/** Opens a negotiated stream to a connected peer ({@link P2PNode#newStream(PeerId, String, Consumer)}). */
@FunctionalInterface
interface StreamOpener {
    CompletableFuture<Channel> open(PeerId peer, String protocolId, Consumer<Channel> initializer);
}
