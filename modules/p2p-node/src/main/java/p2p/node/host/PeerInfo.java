package p2p.node.host;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.host.Direction;

/**
 * A snapshot of a connected peer.
 *
 * @param peerId        the id proven by the Noise handshake
 * @param remoteAddress the address of the connection's other end
 * @param direction     whether we dialled it
 * @param connectedAt   when the connection finished its upgrade
 * @param bytesIn       wire bytes received on the connection so far
 * @param bytesOut      wire bytes sent on the connection so far
 * @param lastReceive   when bytes last arrived on the connection
 * @param lastSend      when bytes were last written to the connection
 * @param agentVersion  from the peer's identify message; empty until it arrived
 * @param protocols     stream protocols from the peer's identify message; empty until it arrived
 * @param listenAddrs   addresses the peer listens on, from identify; empty until it arrived
 * @param latency       the connection's last round-trip time, measured by yamux keepalive PINGs (one at the start,
 *                      then every 30 s); empty until the first was answered
 */
public record PeerInfo(PeerId peerId, Multiaddr remoteAddress, Direction direction, Instant connectedAt,
                       long bytesIn, long bytesOut, Optional<Instant> lastReceive, Optional<Instant> lastSend,
                       String agentVersion, List<String> protocols,
                       List<Multiaddr> listenAddrs, Optional<Duration> latency) {
    public PeerInfo {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(lastReceive, "lastReceive");
        Objects.requireNonNull(lastSend, "lastSend");
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(latency, "latency");
        protocols = List.copyOf(protocols);
        listenAddrs = List.copyOf(listenAddrs);
    }
}
