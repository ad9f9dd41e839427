package p2p.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import p2p.server.TopicNames;

/**
 * Every setting of the node, typed and validated once at start (spec section 9, Teranode's names in comments).
 * Modules get their own records built from this one by {@code p2p.app}; nothing reads settings by string key later.
 */
public record Settings(
        Network network,                       // network
        Path dataDir,                          // p2p_data_dir (Java node only: Derby files, node key, API key)
        List<String> listenAddresses,          // p2p_listen_addresses
        int port,                              // p2p_port
        List<HostPort> advertiseAddresses,     // p2p_advertise_addresses (port defaults to p2p_port)
        HostPort httpListenAddress,            // p2p_httpListenAddress
        String httpAddress,                    // p2p_httpAddress (advertised to other services; not announced)
        HostPort grpcListenAddress,            // p2p_grpcListenAddress
        String grpcAddress,                    // p2p_grpcAddress
        Topics topics,                         // p2p_*_topic
        String sharedKeyHex,                   // p2p_shared_key (64 hex chars)
        String dhtProtocolId,                  // p2p_dht_protocol_id
        boolean dhtUsePrivate,                 // p2p_dht_use_private
        boolean optimiseRetries,               // p2p_optimise_retries
        List<String> staticPeers,              // p2p_static_peers (multiaddrs with /p2p/)
        Optional<String> privateKeyHex,        // p2p_private_key
        List<String> bootstrapAddresses,       // p2p_bootstrapAddresses
        Ban ban,                               // p2p_ban_*
        Http http,                             // securityLevelHTTP, server_certFile, server_keyFile
        Optional<String> adminApiKey,          // grpc_admin_api_key
        Kafka kafka,                           // kafka_*Config
        Optional<String> blockchainGrpcAddress,      // blockchain_grpcAddress
        Optional<String> blockValidationGrpcAddress, // blockvalidation_grpcAddress
        String dataHubUrl,                     // asset_httpPublicAddress, else asset_httpAddress (spec 1.3)
        Connections connections,               // p2p_max_connections, p2p_max_connections_per_ip (Java only)
        Operator operator,                     // security_level_grpc, health_check_port, profilerAddr, ...
        Protocol protocol                      // p2p_protocol and the Teranode 2026 settings
) {
    /**
     * Teranode's operator endpoints (spec sections 6.1, 8, 12): gRPC TLS level, gRPC server metrics on or off, the
     * daemon health listener's port and the profiler listener's address (each absent: not opened), and the metrics
     * path on the profiler listener.
     */
    public record Operator(int securityLevelGrpc, OptionalInt healthCheckPort, Optional<HostPort> profilerAddr,
                           String prometheusEndpoint, boolean grpcMetrics) {
    }

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

    /** Topic settings; full names are {@link Network#topicName}. */
    public record Topics(String block, String subtree, String miningOn, String rejectedTx, String handshake) {
    }

    /** Ban list and ban manager. {@code persistPath}: a {@code jdbc:} URL, else a Derby directory. */
    public record Ban(int threshold, Duration duration, Duration defaultDuration, int maxEntries,
                      String persistPath, Optional<String> dbUser, Optional<String> dbPassword) {
        /** The JDBC URL of the ban list: the configured URL, or embedded Derby in the persist directory. */
        public String jdbcUrl() {
            return persistPath.startsWith("jdbc:") ? persistPath : "jdbc:derby:" + persistPath + ";create=true";
        }
    }

    /** HTTPS: on when {@code securityLevel} > 0, then both files are required and readable. */
    public record Http(int securityLevel, Optional<Path> certFile, Optional<Path> keyFile) {
        public boolean https() {
            return securityLevel > 0;
        }
    }

    /** The four Kafka URLs (kafka://brokers/topic?... or memory://topic). */
    /**
     * Kafka URLs ({@code kafka_*Config}), the producer re-send buffer ({@code kafka_producerBufferLimit}) and the
     * consumer group, {@code "p2p." + clientName} as Teranode's daemon names it, so nodes sharing a cluster each
     * consume every message and do not rebalance one another.
     */
    public record Kafka(String blocks, String subtrees, String rejectedTx, String invalidBlocks,
                        int producerBufferLimit, String consumerGroup) {
    }

    /** Full gossip topic name for a topic setting, e.g. {@code bitcoin/mainnet-block}. */
    public String topic(String setting) {
        return network.topicName(setting);
    }

    /**
     * The July-2025 gossip topics, full names, built in this one place for the server, discovery's namespaces and the
     * metrics (2026 has its own four, {@code Settings2026}).
     */
    public TopicNames topicNames() {
        return new TopicNames(topic(topics.block()), topic(topics.subtree()), topic(topics.miningOn()),
                topic(topics.rejectedTx()), topic(topics.handshake()));
    }
}
