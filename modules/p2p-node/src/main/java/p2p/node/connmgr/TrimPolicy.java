package p2p.node.connmgr;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import p2p.node.crypto.PeerId;
import p2p.node.host.PeerInfo;

/**
 * Which connections to close when there are too many; pure. Above {@code high} connections, the node trims down to
 * {@code low}: protected peers (topic peers) and connections younger than {@code grace} are never chosen; among the
 * others the youngest go first, so long-standing peers survive a burst of newcomers.
 *
 * @param low   connections kept after a trim
 * @param high  connections that start a trim
 * @param grace how long a new connection is exempt
 */
public record TrimPolicy(int low, int high, Duration grace) {
    /** go-p2p-message-bus's values, which Teranode does not override: 25, 35, 20 s. */
    public static final TrimPolicy TERANODE_2026 = new TrimPolicy(25, 35, Duration.ofSeconds(20));

    public TrimPolicy {
        Objects.requireNonNull(grace, "grace");
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("connection manager needs 0 <= low <= high, got low=" + low
                    + " high=" + high);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("connection manager grace must not be negative: " + grace);
        }
    }

    /** The peers whose connections to close now; empty unless more than {@code high} are connected. */
    public List<PeerId> toClose(List<PeerInfo> connected, Set<PeerId> protectedPeers, Instant now) {
        if (connected.size() <= high) {
            return List.of();
        }
        int excess = connected.size() - low;
        return connected.stream()
                .filter(p -> !protectedPeers.contains(p.peerId()))
                .filter(p -> !p.connectedAt().plus(grace).isAfter(now))
                .sorted(Comparator.comparing(PeerInfo::connectedAt).reversed())
                .limit(excess)
                .map(PeerInfo::peerId)
                .toList();
    }
}
