package p2p.app.config;

import java.util.Set;

/**
 * Keys Teranode's settings define for its P2P service (spec section 11, and the later P2P keys of Teranode's
 * settings.go) that this node accepts without using, so an operator's existing settings load unchanged. A YAML or
 * Teranode settings file may set them; the loader names every one that is set in one warning line. A key that this
 * node comes to use moves to {@link SettingsLoader}'s defaults, and from then on is not in this list's effect.
 */
final class TeranodeKeys {
    /** Accepted and ignored (each with why it has no effect here). */
    static final Set<String> ACCEPTED_UNUSED = Set.of(
            // Section 11.1: read by Teranode but without effect on its P2P service.
            "p2p_bestblock_topic",          // no best-block topic any more (spec 15)
            "p2p_peer_id",                  // informational; the peer id follows from the key
            // Section 11.2: shared keys whose feature lives elsewhere in this node or not at all (security_level_grpc,
            // use_prometheus_grpc_metrics, health_check_port, prometheusEndpoint and profilerAddr are used: see
            // SettingsLoader).
            "grpc_max_retries",             // client-side retries of Teranode's own gRPC clients
            "grpc_retry_backoff",
            "blockchain_store",             // the ban list has its own database: p2p_ban_persist_path
            "KAFKA_INVALID_BLOCKS",         // the invalid-blocks topic comes from kafka_invalidBlocksConfig
            "KAFKA_HOSTS",
            "KAFKA_PORT",
            "KAFKA_PARTITIONS",
            "health_check_httpListenAddress",
            // Later Teranode P2P keys (settings.go after July 2025; p2p_protocol: teranode-2026 uses p2p_bootstrap_peers,
            // p2p_dht_mode, p2p_allow_private_ips, p2p_peer_cache_dir, listen_mode and p2p_node_status_topic: see
            // SettingsLoader).
            "p2p_bootstrap_persistent",     // bootstrap peers are always redialled here
            "p2p_force_sync_peer",
            "p2p_share_private_addresses",
            "p2p_dht_cleanup_interval",
            "p2p_enable_nat",
            "p2p_enable_mdns",
            "p2p_allow_pruned_node_fallback",
            "p2p_sync_coordinator_periodic_evaluation_interval");

    private TeranodeKeys() {
    }
}
