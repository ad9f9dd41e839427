package p2p.node.dht;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.PeerListener;
import p2p.node.multiaddr.Multiaddr;

/**
 * {@link DhtNetwork} over the libp2p host: requests go on a new {@code <prefix>/kad/1.0.0} stream each
 * ({@link DhtStreams}), dialling the peer first when it is not connected; peers whose identify message lists the
 * protocol are reported as DHT servers. Also gives discovery its dialer ({@link #dialer()}).
 */
public final class P2PNodeDhtNetwork implements DhtNetwork {
    private final P2PNode node;
    private final String protocolId;
    private final DhtMessageCodec codec;

    public P2PNodeDhtNetwork(P2PNode node, String protocolId, AddressFilter addressFilter) {
        this.node = node;
        this.protocolId = protocolId;
        this.codec = new DhtMessageCodec(addressFilter);
    }

    @Override
    public PeerId localPeer() {
        return node.peerId();
    }

    @Override
    public List<Multiaddr> localAddresses() {
        return node.advertisedAddresses();
    }

    @Override
    public CompletableFuture<DhtMessage> request(PeerId peer, List<Multiaddr> addresses, DhtMessage request,
                                                 Duration timeout) {
        CompletableFuture<?> connected = node.isConnected(peer) ? CompletableFuture.completedFuture(null)
                : dial(peer, addresses);
        return connected.thenCompose(c -> {
            CompletableFuture<DhtMessage> response = new CompletableFuture<>();
            node.newStream(peer, protocolId, stream -> DhtStreams.request(stream, codec, request, timeout)
                            .whenComplete((r, e) -> {
                                if (e != null) {
                                    response.completeExceptionally(e);
                                } else {
                                    response.complete(r);
                                }
                            }))
                    .whenComplete((s, e) -> {
                        if (e != null) {
                            response.completeExceptionally(e);
                        }
                    });
            return response;
        });
    }

    @Override
    public void serve(DhtRequestHandler handler) {
        node.setStreamHandler(protocolId, (stream, remote) -> DhtStreams.serve(stream, remote, codec, handler,
                DhtStreams.SERVER_IDLE_TIMEOUT));
    }

    @Override
    public boolean isConnected(PeerId peer) {
        return node.isConnected(peer);
    }

    @Override
    public void addListener(DhtPeerListener listener) {
        node.addListener(new PeerListener() {
            @Override
            public void identified(PeerInfo peer) {
                if (peer.protocols().contains(protocolId)) {
                    listener.dhtPeerConnected(peer.peerId(), peer.listenAddrs());
                }
            }
        });
        for (PeerInfo peer : node.peers()) {
            if (peer.protocols().contains(protocolId)) {
                listener.dhtPeerConnected(peer.peerId(), peer.listenAddrs());
            }
        }
    }

    /** Discovery's dialer: {@link #dial} as a {@link PeerDialer}. */
    public PeerDialer dialer() {
        return this::dial;
    }

    /**
     * Connects to {@code peer} trying its TCP addresses in turn (our own are skipped); fails with
     * {@link NoGoodAddressesException} when none is left to try, or with the last address's error.
     */
    public CompletableFuture<PeerInfo> dial(PeerId peer, List<Multiaddr> addresses) {
        if (node.isConnected(peer)) {
            return CompletableFuture.completedFuture(node.peer(peer).orElse(null));
        }
        Set<Multiaddr> own = Set.copyOf(node.listenAddresses());
        List<Multiaddr> usable = new ArrayList<>();
        for (Multiaddr a : addresses) {
            Multiaddr bare = a.peerIdBytes().isPresent() ? a.withoutPeerId() : a;
            if (bare.isTcp() && !own.contains(bare) && !usable.contains(bare)) {
                usable.add(bare);
            }
        }
        if (usable.isEmpty()) {
            return CompletableFuture.failedFuture(new NoGoodAddressesException(peer));
        }
        return dialInTurn(peer, usable, 0);
    }

    private CompletableFuture<PeerInfo> dialInTurn(PeerId peer, List<Multiaddr> addresses, int index) {
        return node.connect(addresses.get(index).withPeerId(peer.toBytes())).handle((info, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(info);
            }
            if (index + 1 < addresses.size()) {
                return dialInTurn(peer, addresses, index + 1);
            }
            return CompletableFuture.<PeerInfo>failedFuture(e);
        }).thenCompose(f -> f);
    }
}
