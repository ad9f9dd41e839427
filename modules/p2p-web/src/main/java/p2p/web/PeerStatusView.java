package p2p.web;

import java.util.Objects;

/**
 * What a 2026 peer last said about itself in its node_status (spec teranode-2026 1.4), beyond the height GetPeers
 * already carries. Teranode's {@code p2p_api.Peer} has no field for these, so GetPeers leaves them out; the
 * dashboard's {@code /api/v1/peers} shows them. Display strings are already sanitised by the server.
 *
 * @param bestHash   {@code best_block_hash}
 * @param dataHubUrl {@code base_url}
 * @param storage    {@code storage}: {@code full}, {@code pruned} or empty
 * @param clientName {@code client_name}
 */
public record PeerStatusView(String bestHash, String dataHubUrl, String storage, String clientName) {
    public PeerStatusView {
        Objects.requireNonNull(bestHash, "bestHash");
        Objects.requireNonNull(dataHubUrl, "dataHubUrl");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clientName, "clientName");
    }
}
