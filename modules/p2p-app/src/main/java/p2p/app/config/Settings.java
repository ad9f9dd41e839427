package p2p.app.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import p2p.ban.BanModuleSettings;
import p2p.common.config.HostPort;
import p2p.kafka.KafkaSettings;
import p2p.server.ServerSettings;
import p2p.server.TopicNames;
import p2p.web.WebSettings;

/**
 * Every setting of the node, typed and validated once at start (spec section 9, Teranode's names in comments): the
 * node's and the chain connection's own, read by {@link SettingsLoader}, and one record per module, read by that
 * module ({@code BanModuleSettings.read}, {@code KafkaSettings.read}, {@code WebSettings.read},
 * {@code ServerSettings.read}) beside the code that uses it. Nothing reads settings by string key later.
 */
public record Settings(
        Network network,                       // network
        Path dataDir,                          // p2p_data_dir (Java node only: Derby files, node key, API key)
        List<String> listenAddresses,          // p2p_listen_addresses
        int port,                              // p2p_port
        List<HostPort> advertiseAddresses,     // p2p_advertise_addresses (port defaults to p2p_port)
        String httpAddress,                    // p2p_httpAddress (advertised to other services; not announced)
        String grpcAddress,                    // p2p_grpcAddress
        String sharedKeyHex,                   // p2p_shared_key (64 hex chars)
        String dhtProtocolId,                  // p2p_dht_protocol_id
        boolean dhtUsePrivate,                 // p2p_dht_use_private
        boolean optimiseRetries,               // p2p_optimise_retries
        List<String> staticPeers,              // p2p_static_peers (multiaddrs with /p2p/)
        Optional<String> privateKeyHex,        // p2p_private_key
        List<String> bootstrapAddresses,       // p2p_bootstrapAddresses
        String clientName,                     // clientName
        Optional<String> blockchainGrpcAddress,      // blockchain_grpcAddress
        Optional<String> blockValidationGrpcAddress, // blockvalidation_grpcAddress
        Connections connections,               // p2p_max_connections, p2p_max_connections_per_ip (Java only)
        Protocol protocol,                     // p2p_protocol and the Teranode 2026 settings
        BanModuleSettings ban,                 // p2p_ban_*, read by p2p.ban
        KafkaSettings kafka,                   // kafka_*Config, kafka_producerBufferLimit, read by p2p.kafka
        WebSettings web,                       // listeners, TLS, operator endpoints, read by p2p.web
        ServerSettings server                  // p2p_*_topic, asset_http*Address, read by p2p.server
) {
    /** Caps on open libp2p connections: in total and per remote IP (Teranode has no setting for these). */
    public record Connections(int max, int maxPerIp) {
    }

    /**
     * The protocol generation and the settings only Teranode 2026 has (spec teranode-2026.md 1.6), read by
     * {@code p2p.app.wiring.TeranodeProtocol}; the 2025 generation ignores all but {@code generation}.
     *
     * @param generation     {@code p2p_protocol}: {@code teranode-2025} (the spec's, default) or {@code teranode-2026}
     * @param bootstrapPeers {@code p2p_bootstrap_peers}: {@code /dnsaddr/<domain>} names or multiaddrs with /p2p/
     * @param dhtMode        {@code p2p_dht_mode}: off, client or server
     * @param allowPrivateIps {@code p2p_allow_private_ips}: lets the connection gater pass private addresses
     * @param peerCacheDir   {@code p2p_peer_cache_dir} (default p2p_data_dir)
     * @param listenMode     {@code listen_mode}: full, listen_only or silent ({@code silent} forces the DHT off)
     * @param nodeStatusTopic {@code p2p_node_status_topic}: the node_status topic's setting part (default node_status)
     * @param relayReservations {@code p2p_relay_reservations}: auto, always or never reserve circuit relay slots on
     *                        the bootstrap peers (p2p.node.relay.ReservationPolicy)
     */
    public record Protocol(String generation, List<String> bootstrapPeers, String dhtMode, boolean allowPrivateIps,
                           Path peerCacheDir, String listenMode, String nodeStatusTopic, String relayReservations) {
        public static final String TERANODE_2025 = "teranode-2025";
        public static final String TERANODE_2026 = "teranode-2026";
        public static final List<String> GENERATIONS = List.of(TERANODE_2025, TERANODE_2026);

        public Protocol {
            bootstrapPeers = List.copyOf(bootstrapPeers);
        }
    }

    /**
     * The Kafka consumer group, {@code "p2p." + clientName} as Teranode's daemon names it, so nodes sharing a cluster
     * each consume every message and do not rebalance one another.
     */
    public String consumerGroup() {
        return "p2p." + clientName;
    }

    /** The July-2025 gossip topics, full names (2026 has its own four, {@code Settings2026}). */
    public TopicNames topicNames() {
        return server.topics();
    }
}
