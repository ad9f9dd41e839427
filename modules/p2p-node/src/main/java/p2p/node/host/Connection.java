package p2p.node.host;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.transport.UpgradedConnection;

/** A live connection the node keeps for a peer, with what identify told about the peer. Thread-safe. */
final class Connection {
    final UpgradedConnection upgraded;
    final Instant connectedAt = Instant.now();
    final Multiaddr remoteAddress;
    /** Completes with the first identify message (or fails when identify failed); push updates go to {@link #info}. */
    final CompletableFuture<IdentifyInfo> identified = new CompletableFuture<>();
    private volatile IdentifyInfo info;

    /** @param remoteAddress the peer's TCP address, or for a relayed connection its circuit address */
    Connection(UpgradedConnection upgraded, Multiaddr remoteAddress) {
        this.upgraded = upgraded;
        this.remoteAddress = remoteAddress;
    }

    PeerId peer() {
        return upgraded.remotePeer();
    }

    boolean isOpen() {
        return upgraded.channel().isOpen();
    }

    Optional<IdentifyInfo> identifyInfo() {
        return Optional.ofNullable(info);
    }

    /** Records an identify message: the full one at connection, or a push merged over what we had. */
    synchronized void applyIdentify(IdentifyInfo received, boolean push) {
        info = push && info != null ? info.merge(received) : received;
        identified.complete(info);
    }

    PeerInfo snapshot() {
        IdentifyInfo id = info;
        return new PeerInfo(peer(), remoteAddress, upgraded.direction(), connectedAt,
                upgraded.traffic().bytesIn(), upgraded.traffic().bytesOut(),
                Optional.ofNullable(upgraded.traffic().lastReceive()), Optional.ofNullable(upgraded.traffic().lastSend()),
                id == null ? "" : id.agentVersion(),
                id == null ? List.of() : id.protocols(),
                id == null ? List.of() : id.listenAddrs(),
                Optional.of(upgraded.muxer().rtt()).filter(rtt -> !rtt.isZero()));
    }
}
