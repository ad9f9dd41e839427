package p2p.node.dht;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * How discovery connects to a peer; wired by the application to the host. The future completes when the peer is
 * connected and fails with the dial error ({@link NoGoodAddressesException}, a peer id mismatch, ...).
 */
@FunctionalInterface
public interface PeerDialer {
    CompletableFuture<?> dial(PeerId peer, List<Multiaddr> addresses);
}
