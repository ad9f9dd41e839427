package p2p.node.connmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.PeerInfo;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.host.Direction;

/** The trim rule of the 2026 connection manager (spec teranode-2026.md 1.1): 25/35, 20 s grace, topic peers kept. */
class TrimPolicyTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");

    private static PeerInfo peer(Duration age) {
        PeerId id = PeerId.fromPublicKey(Ed25519PrivKey.generate(RANDOM).publicKey());
        return new PeerInfo(id, Multiaddr.parse("/ip4/203.0.113.1/tcp/9905"), Direction.INBOUND, NOW.minus(age), 0, 0,
                Optional.empty(), Optional.empty(), "", List.of(), List.of(), Optional.empty());
    }

    private static List<PeerInfo> peers(int n, Duration age) {
        List<PeerInfo> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(peer(age.plusSeconds(i)));
        }
        return out;
    }

    @Test
    void nothingCloseUpToHigh() {
        assertEquals(List.of(), TrimPolicy.TERANODE_2026.toClose(peers(35, Duration.ofMinutes(5)), Set.of(), NOW));
    }

    @Test
    void aboveHighTrimsDownToLowClosingTheYoungestFirst() {
        List<PeerInfo> connected = peers(36, Duration.ofMinutes(5));
        List<PeerId> closed = TrimPolicy.TERANODE_2026.toClose(connected, Set.of(), NOW);
        assertEquals(11, closed.size());
        // peers(i) is 5 min + i s old: the youngest are the first eleven.
        assertEquals(connected.subList(0, 11).stream().map(PeerInfo::peerId).toList(), closed);
    }

    @Test
    void protectedPeersAndConnectionsInTheirGracePeriodAreKept() {
        List<PeerInfo> connected = new ArrayList<>(peers(30, Duration.ofMinutes(5)));
        List<PeerInfo> fresh = peers(6, Duration.ofSeconds(5)); // within 20 s
        connected.addAll(fresh);
        Set<PeerId> topicPeers = Set.of(connected.get(0).peerId(), connected.get(1).peerId());
        List<PeerId> closed = TrimPolicy.TERANODE_2026.toClose(connected, topicPeers, NOW);
        assertEquals(11, closed.size());
        closed.forEach(id -> {
            assertEquals(false, topicPeers.contains(id));
            assertEquals(false, fresh.stream().anyMatch(p -> p.peerId().equals(id)));
        });
    }

    @Test
    void whenEveryConnectionIsInItsGracePeriodOrProtectedNothingIsClosed() {
        List<PeerInfo> fresh = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            fresh.add(peer(Duration.ofSeconds(19)));
        }
        assertEquals(List.of(), TrimPolicy.TERANODE_2026.toClose(fresh, Set.of(), NOW));
        List<PeerInfo> old = peers(40, Duration.ofMinutes(5));
        assertEquals(List.of(), TrimPolicy.TERANODE_2026.toClose(old,
                Set.copyOf(old.stream().map(PeerInfo::peerId).toList()), NOW));
    }

    @Test
    void badLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TrimPolicy(10, 5, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new TrimPolicy(-1, 5, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new TrimPolicy(1, 5, Duration.ofSeconds(-1)));
    }
}
