package p2p.server.gen2026.message;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;
import p2p.server.message.MalformedMessageException;

/**
 * The 2026 node_status topic's payload (spec teranode-2026 1.4; Teranode's {@code NodeStatusMessage}): snake_case
 * keys in Go's field order, the {@code omitempty} ones left out when empty or zero exactly as Go leaves them out
 * ({@code propagation_url}, {@code tx_count}, {@code subtree_count}, the four {@code sync_*}, the pointers
 * {@code min_mining_tx_fee} and {@code fee_policy} when nil, {@code connected_peers_count}, {@code storage}). It
 * replaces the 2025 handshake as the source of peers' heights, best hashes, DataHub URLs and storage modes. The
 * spec counts 26 fields; the struct it cites has the 25 here (the 26th of older builds,
 * {@code block_assembly_details}, is gone and is ignored like any unknown key).
 *
 * @param startTime       unix seconds the node started (int64)
 * @param uptime          seconds since start (float64)
 * @param minMiningTxFee  BSV per kB; empty for Go's nil
 * @param feePolicy       empty for Go's nil
 */
public record NodeStatusMessage(String peerId, String clientName, String type, String baseUrl, String propagationUrl,
                                String version, String commitHash, String bestBlockHash, long bestHeight,
                                long txCount, long subtreeCount, String fsmState, long startTime, double uptime,
                                String minerName, String listenMode, String chainWork, String syncPeerId,
                                long syncPeerHeight, String syncPeerBlockHash, long syncConnectedAt,
                                OptionalDouble minMiningTxFee, Optional<FeePolicy> feePolicy,
                                long connectedPeersCount, String storage) {
    /** The {@code type} value Teranode writes. */
    public static final String TYPE = "node_status";

    private static final GoStruct STRUCT = GoStruct.of("NodeStatusMessage",
            "peer_id", GoStruct.Kind.STRING, "client_name", GoStruct.Kind.STRING, "type", GoStruct.Kind.STRING,
            "base_url", GoStruct.Kind.STRING, "propagation_url", GoStruct.Kind.STRING,
            "version", GoStruct.Kind.STRING, "commit_hash", GoStruct.Kind.STRING,
            "best_block_hash", GoStruct.Kind.STRING, "best_height", GoStruct.Kind.UINT32,
            "tx_count", GoStruct.Kind.UINT64, "subtree_count", GoStruct.Kind.UINT32,
            "fsm_state", GoStruct.Kind.STRING, "start_time", GoStruct.Kind.INT64, "uptime", GoStruct.Kind.FLOAT64,
            "miner_name", GoStruct.Kind.STRING, "listen_mode", GoStruct.Kind.STRING,
            "chain_work", GoStruct.Kind.STRING, "sync_peer_id", GoStruct.Kind.STRING,
            "sync_peer_height", GoStruct.Kind.UINT32, "sync_peer_block_hash", GoStruct.Kind.STRING,
            "sync_connected_at", GoStruct.Kind.INT64, "min_mining_tx_fee", GoStruct.Kind.FLOAT64_POINTER,
            "fee_policy", GoStruct.Kind.OBJECT_POINTER, "connected_peers_count", GoStruct.Kind.INT64,
            "storage", GoStruct.Kind.STRING);

    public NodeStatusMessage {
        for (String text : new String[] {peerId, clientName, type, baseUrl, propagationUrl, version, commitHash,
                bestBlockHash, fsmState, minerName, listenMode, chainWork, syncPeerId, syncPeerBlockHash, storage}) {
            Objects.requireNonNull(text, "node_status text fields must not be null");
        }
        Objects.requireNonNull(minMiningTxFee, "min_mining_tx_fee");
        Objects.requireNonNull(feePolicy, "fee_policy");
        uint32("best_height", bestHeight);
        uint32("subtree_count", subtreeCount);
        uint32("sync_peer_height", syncPeerHeight);
        if (Double.isNaN(uptime) || Double.isInfinite(uptime)) {
            throw new IllegalArgumentException("uptime must be finite (Go cannot write " + uptime + ")");
        }
    }

    private static void uint32(String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " must fit a uint32, got " + value);
        }
    }

    public byte[] encode() {
        JsonWriter w = JsonWriter.object().string("peer_id", peerId).string("client_name", clientName)
                .string("type", type).string("base_url", baseUrl);
        if (!propagationUrl.isEmpty()) {
            w.string("propagation_url", propagationUrl);
        }
        w.string("version", version).string("commit_hash", commitHash).string("best_block_hash", bestBlockHash)
                .unsigned("best_height", bestHeight);
        if (txCount != 0) {
            w.unsigned("tx_count", txCount);
        }
        if (subtreeCount != 0) {
            w.unsigned("subtree_count", subtreeCount);
        }
        w.string("fsm_state", fsmState).signed("start_time", startTime).float64("uptime", uptime)
                .string("miner_name", minerName).string("listen_mode", listenMode).string("chain_work", chainWork);
        if (!syncPeerId.isEmpty()) {
            w.string("sync_peer_id", syncPeerId);
        }
        if (syncPeerHeight != 0) {
            w.unsigned("sync_peer_height", syncPeerHeight);
        }
        if (!syncPeerBlockHash.isEmpty()) {
            w.string("sync_peer_block_hash", syncPeerBlockHash);
        }
        if (syncConnectedAt != 0) {
            w.signed("sync_connected_at", syncConnectedAt);
        }
        if (minMiningTxFee.isPresent()) {
            w.float64("min_mining_tx_fee", minMiningTxFee.getAsDouble());
        }
        feePolicy.ifPresent(policy -> w.raw("fee_policy", policy.encode()));
        if (connectedPeersCount != 0) {
            w.signed("connected_peers_count", connectedPeersCount);
        }
        if (!storage.isEmpty()) {
            w.string("storage", storage);
        }
        return w.toBytes();
    }

    public static NodeStatusMessage decode(byte[] json) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decode(json);
        Optional<FeePolicy> policy = Optional.empty();
        Optional<java.util.List<byte[]>> policyObjects = f.objectPointer("fee_policy");
        if (policyObjects.isPresent()) {
            policy = Optional.of(FeePolicy.decode(policyObjects.get()));
        }
        return new NodeStatusMessage(f.string("peer_id"), f.string("client_name"), f.string("type"),
                f.string("base_url"), f.string("propagation_url"), f.string("version"), f.string("commit_hash"),
                f.string("best_block_hash"), f.uint32("best_height"), f.uint64("tx_count"),
                f.uint32("subtree_count"), f.string("fsm_state"), f.int64("start_time"), f.float64("uptime"),
                f.string("miner_name"), f.string("listen_mode"), f.string("chain_work"), f.string("sync_peer_id"),
                f.uint32("sync_peer_height"), f.string("sync_peer_block_hash"), f.int64("sync_connected_at"),
                f.float64Pointer("min_mining_tx_fee"), policy, f.int64("connected_peers_count"),
                f.string("storage"));
    }
}
