package p2p.server;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import p2p.node.crypto.PeerId;

/**
 * What each peer last said about itself in a 2026 node_status (spec teranode-2026 1.4, 1.9): best height and hash,
 * DataHub URL, storage mode, client name, listen mode. Kept for GetPeers and peer selection beside
 * {@link PeerHeights}, which the same messages update. A peer's entry goes when it disconnects.
 */
public final class PeerStatuses {

    /** One peer's self-description, display strings already sanitised. */
    public record Status(long height, String bestBlockHash, String baseUrl, String storage, String clientName,
                         String listenMode) {
    }

    private final Map<PeerId, Status> statuses = new ConcurrentHashMap<>();

    public void update(PeerId peer, Status status) {
        statuses.put(peer, status);
    }

    public Optional<Status> get(PeerId peer) {
        return Optional.ofNullable(statuses.get(peer));
    }

    public void remove(PeerId peer) {
        statuses.remove(peer);
    }

    public Map<PeerId, Status> snapshot() {
        return Map.copyOf(statuses);
    }
}
