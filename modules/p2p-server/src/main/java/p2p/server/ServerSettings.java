package p2p.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import p2p.common.config.SettingException;
import p2p.common.config.SettingLookup;

/**
 * What the July-2025 server needs from the settings, read here with the one default of each key (issue 17
 * change 3).
 *
 * @param topics     the five full topic names ({@code p2p_*_topic} under the network's prefix)
 * @param dataHubUrl {@code asset_httpPublicAddress}, else {@code asset_httpAddress} (spec 1.3): told to peers as
 *                   where our blocks and subtrees can be fetched
 * @param topicSettings the five {@code p2p_*_topic} values as written: 2026 builds its own names from them
 */
public record ServerSettings(TopicNames topics, String dataHubUrl, TopicNames topicSettings) {
    public static final String BLOCK_TOPIC = "p2p_block_topic";
    public static final String SUBTREE_TOPIC = "p2p_subtree_topic";
    public static final String MINING_ON_TOPIC = "p2p_mining_on_topic";
    public static final String REJECTED_TX_TOPIC = "p2p_rejected_tx_topic";
    public static final String HANDSHAKE_TOPIC = "p2p_handshake_topic";
    public static final String ASSET_PUBLIC_ADDRESS = "asset_httpPublicAddress";
    public static final String ASSET_ADDRESS = "asset_httpAddress";
    /** Default of {@code asset_httpAddress}: Teranode's asset service, the DataHub URL peers fetch data from. */
    public static final String DEFAULT_ASSET_HTTP_ADDRESS = "http://localhost:8090/api/v1";

    /** Every key this module reads with its built-in default ("" for none). */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(BLOCK_TOPIC, "block");
        d.put(SUBTREE_TOPIC, "subtree");
        d.put(MINING_ON_TOPIC, "miningon");
        d.put(REJECTED_TX_TOPIC, "rejected_tx");
        d.put(HANDSHAKE_TOPIC, "handshake");
        d.put(ASSET_PUBLIC_ADDRESS, "");
        d.put(ASSET_ADDRESS, DEFAULT_ASSET_HTTP_ADDRESS);
        return Collections.unmodifiableMap(d);
    }

    public ServerSettings {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(dataHubUrl, "dataHubUrl");
        Objects.requireNonNull(topicSettings, "topicSettings");
    }

    /** Settings with these full topic names (tests and embedders that do not read keys). */
    public ServerSettings(TopicNames topics, String dataHubUrl) {
        this(topics, dataHubUrl, topics);
    }

    /**
     * Reads the keys.
     *
     * @param configured the configured text of a key, empty when no layer sets it
     * @param topicName  the full name of a topic setting under the network's prefix ({@code bitcoin/mainnet-block})
     * @throws SettingException naming the first key whose value is unusable
     */
    public static ServerSettings read(Function<String, Optional<String>> configured, UnaryOperator<String> topicName) {
        SettingLookup in = new SettingLookup(configured, DEFAULTS);
        TopicNames parts = new TopicNames(in.required(BLOCK_TOPIC), in.required(SUBTREE_TOPIC),
                in.required(MINING_ON_TOPIC), in.required(REJECTED_TX_TOPIC), in.required(HANDSHAKE_TOPIC));
        TopicNames topics = new TopicNames(topicName.apply(parts.block()), topicName.apply(parts.subtree()),
                topicName.apply(parts.miningOn()), topicName.apply(parts.rejectedTx()),
                topicName.apply(parts.handshake()));
        return new ServerSettings(topics, dataHubUrl(in), parts);
    }

    /** {@code asset_httpPublicAddress}, else {@code asset_httpAddress}, as an absolute http(s) URL. */
    private static String dataHubUrl(SettingLookup in) {
        String key = in.optional(ASSET_PUBLIC_ADDRESS).isPresent() ? ASSET_PUBLIC_ADDRESS : ASSET_ADDRESS;
        String url = in.required(key);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new SettingException(key, url, "is not an http:// or https:// URL (the DataHub URL peers fetch"
                + " blocks and subtrees from, e.g. http://host:8090/api/v1)");
    }
}
