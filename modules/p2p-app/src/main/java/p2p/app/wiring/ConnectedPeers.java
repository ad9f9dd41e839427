package p2p.app.wiring;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import p2p.ban.BanScore;
import p2p.ban.PeerBanManager;
import p2p.node.crypto.KeyFormatException;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.host.Direction;
import p2p.web.PeerDirectory;
import p2p.server.GossipServer;
import p2p.server.PeerHeights;
import p2p.web.PeerStatusView;
import p2p.web.PeerView;

/**
 * GetPeers' view of the node: every connected peer but the bootstrap peers (matched on the {@code /p2p/} part of
 * {@code p2p_bootstrapAddresses}, which Teranode means to do but compares against whole multiaddrs; in 2026 on
 * {@code p2p_bootstrap_peers} and the peers its {@code /dnsaddr/} names resolved to), with every
 * Peer field the node knows; starting and current heights from the server's handshakes, blocks and mining-on (2025)
 * or node_status (2026), and for the dashboard a 2026 peer's last node_status hash, DataHub URL, storage and name.
 */
public final class ConnectedPeers implements PeerDirectory {
    private final P2PNode node;
    private final PeerBanManager banManager;
    private final Predicate<PeerId> bootstrapPeer;
    private final PeerHeights heights;
    private final GossipServer server;

    /** @param bootstrapPeer the peers GetPeers leaves out ({@link ProtocolGeneration#bootstrapPeers}) */
    public ConnectedPeers(P2PNode node, PeerBanManager banManager, Predicate<PeerId> bootstrapPeer,
                          GossipServer server) {
        this.node = node;
        this.server = server;
        this.heights = server.peerHeights();
        this.banManager = banManager;
        this.bootstrapPeer = bootstrapPeer;
    }

    @Override
    public List<PeerView> peers() {
        String local = node.listenAddresses().isEmpty() ? "" : node.listenAddresses().getFirst().toString();
        return node.peers().stream()
                .filter(peer -> !bootstrapPeer.test(peer.peerId()))
                .map(peer -> view(peer, local))
                .toList();
    }

    @Override
    public Optional<PeerStatusView> status(String id) {
        PeerId peer;
        try {
            peer = PeerId.parse(id);
        } catch (KeyFormatException e) {
            return Optional.empty(); // not a peer id (the dashboard asks with GetPeers' ids): no status
        }
        return server.peerStatus(peer).map(s -> new PeerStatusView(s.bestBlockHash(), s.baseUrl(), s.storage(),
                s.clientName()));
    }

    /**
     * The addresses this node is reached at, which BanPeer will not ban unforced: the bound listen addresses (a
     * wildcard listener stands for every interface address of its family) and the advertised IP addresses.
     */
    @Override
    public List<InetAddress> localAddresses() {
        Set<InetAddress> own = new LinkedHashSet<>();
        List<Multiaddr> addresses = new ArrayList<>(node.listenAddresses());
        addresses.addAll(node.advertisedAddresses());
        for (Multiaddr address : addresses) {
            String text = address.toString();
            if (!text.startsWith("/ip4/") && !text.startsWith("/ip6/")) {
                continue; // a DNS name: nothing to compare a ban with
            }
            try {
                InetAddress literal = InetAddress.getByName(address.host()); // an IP literal: no lookup
                if (literal.isAnyLocalAddress()) {
                    own.addAll(interfaceAddresses(literal.getAddress().length));
                } else {
                    own.add(literal);
                }
            } catch (UnknownHostException e) {
                throw new IllegalStateException("listen address " + address + " has no IP literal", e);
            }
        }
        return List.copyOf(own);
    }

    private static List<InetAddress> interfaceAddresses(int length) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a.getAddress().length == length) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this machine's network interfaces: " + e.getMessage(), e);
        }
        return out;
    }

    /** GetPeers' pingTime in microseconds: the connection's last yamux PING round trip, 0 before the first. */
    private static long pingMicros(PeerInfo peer) {
        return peer.latency().map(rtt -> Math.max(1, rtt.toNanos() / 1_000)).orElse(0L);
    }

    private PeerView view(PeerInfo peer, String local) {
        String id = peer.peerId().toBase58();
        int banScore = banManager.score(id).map(BanScore::score).orElse(0);
        PeerHeights.Height height = heights.get(peer.peerId()).orElse(new PeerHeights.Height(0, 0));
        // Fields the node does not know (services, queue sizes, bandwidth, time offset, fee filter) stay zero.
        return PeerView.builder(id)
                .addr(peer.remoteAddress().toString())
                .addrLocal(local)
                .lastSend(peer.lastSend().map(Instant::getEpochSecond).orElse(0L))
                .lastRecv(peer.lastReceive().map(Instant::getEpochSecond).orElse(0L))
                .bytesSent(peer.bytesOut())
                .bytesReceived(peer.bytesIn())
                .inbound(peer.direction() == Direction.INBOUND)
                .connTime(peer.connectedAt().getEpochSecond())
                .pingTime(pingMicros(peer))
                .subVer(peer.agentVersion())
                .startingHeight((int) height.starting())
                .currentHeight((int) height.current())
                .banScore(banScore)
                .build();
    }
}
