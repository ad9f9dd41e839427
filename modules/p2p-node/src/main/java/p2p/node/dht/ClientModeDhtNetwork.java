package p2p.node.dht;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * {@link DhtMode#CLIENT}: every call goes to the wrapped network except {@link #serve}, which is dropped, so the node
 * asks the DHT but never answers it and never lists the protocol in identify (kad-dht spec "client mode").
 */
final class ClientModeDhtNetwork implements DhtNetwork {
    private final DhtNetwork network;

    ClientModeDhtNetwork(DhtNetwork network) {
        this.network = network;
    }

    @Override
    public PeerId localPeer() {
        return network.localPeer();
    }

    @Override
    public List<Multiaddr> localAddresses() {
        return network.localAddresses();
    }

    @Override
    public CompletableFuture<DhtMessage> request(PeerId peer, List<Multiaddr> addresses, DhtMessage request,
                                                 Duration timeout) {
        return network.request(peer, addresses, request, timeout);
    }

    @Override
    public void serve(DhtRequestHandler handler) {
        // Client mode: requests are not served, see the class comment.
    }

    @Override
    public boolean isConnected(PeerId peer) {
        return network.isConnected(peer);
    }

    @Override
    public void addListener(DhtPeerListener listener) {
        network.addListener(listener);
    }
}
