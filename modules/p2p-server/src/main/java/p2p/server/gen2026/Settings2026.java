package p2p.server.gen2026;

import java.time.Duration;
import java.util.Objects;

/**
 * What the 2026 message parts need from the settings (spec teranode-2026 1.3, 1.4, 1.6), under Teranode's names.
 *
 * @param topics          the four topics ({@code p2p_block_topic}, {@code p2p_subtree_topic},
 *                        {@code p2p_node_status_topic}, {@code p2p_rejected_tx_topic} on the network's prefix)
 * @param clientName      the envelope's {@code name} and the messages' {@code ClientName}
 * @param dataHubUrl      {@code asset_httpPublicAddress}/{@code p2p_httpAddress}: our {@code DataHubURL}/{@code base_url}
 * @param propagationUrl  {@code asset_propagation_public_url} ({@code propagation_url}), empty when unset
 * @param listenMode      {@code listen_mode}
 * @param allowPrivateIps {@code p2p_allow_private_ips}: private and loopback hosts in received URLs are accepted
 * @param statusInterval  how often node_status goes out besides on each new best block (Teranode: 10 s)
 * @param version         node_status {@code version}
 * @param commitHash      node_status {@code commit_hash}
 * @param minerName       node_status {@code miner_name} when the best header names none
 */
public record Settings2026(Topics2026 topics, String clientName, String dataHubUrl, String propagationUrl,
                           ListenMode listenMode, boolean allowPrivateIps, Duration statusInterval, String version,
                           String commitHash, String minerName) {
    /** Teranode's node_status period. */
    public static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);

    public Settings2026 {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(clientName, "client name");
        Objects.requireNonNull(dataHubUrl, "p2p_httpAddress");
        Objects.requireNonNull(propagationUrl, "asset_propagation_public_url");
        Objects.requireNonNull(listenMode, "listen_mode");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commitHash, "commit hash");
        Objects.requireNonNull(minerName, "miner name");
        if (statusInterval == null || statusInterval.isNegative() || statusInterval.isZero()) {
            throw new IllegalArgumentException("the node_status interval must be positive, got " + statusInterval);
        }
    }

    /** Teranode's defaults for {@code network}: full listen mode, private hosts refused, node_status every 10 s. */
    public static Settings2026 defaults(String network, String clientName, String dataHubUrl) {
        return new Settings2026(Topics2026.defaults(network), clientName, dataHubUrl, "", ListenMode.FULL, false,
                STATUS_INTERVAL, "", "", "");
    }

    public Settings2026 withListenMode(ListenMode mode) {
        return new Settings2026(topics, clientName, dataHubUrl, propagationUrl, mode, allowPrivateIps, statusInterval,
                version, commitHash, minerName);
    }

    public Settings2026 withAllowPrivateIps(boolean allow) {
        return new Settings2026(topics, clientName, dataHubUrl, propagationUrl, listenMode, allow, statusInterval,
                version, commitHash, minerName);
    }

    public Settings2026 withStatusInterval(Duration interval) {
        return new Settings2026(topics, clientName, dataHubUrl, propagationUrl, listenMode, allowPrivateIps, interval,
                version, commitHash, minerName);
    }
}
