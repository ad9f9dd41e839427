package p2p.kafka;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import p2p.common.config.SettingLookup;

/**
 * The P2P service's Kafka settings (spec/teranode-p2p.md sections 4 and 9), read once at start.
 *
 * @param blocks {@code kafka_blocksConfig}: where peers' block announcements are produced
 * @param subtrees {@code kafka_subtreesConfig}: where peers' subtree announcements are produced
 * @param rejectedTx {@code kafka_rejectedTxConfig}: rejected transactions consumed and gossiped
 * @param invalidBlocks {@code kafka_invalidBlocksConfig}: invalid blocks consumed to ban their senders
 * @param producerBufferLimit {@code kafka_producerBufferLimit}: messages a producer holds while the brokers are
 *        unreachable; beyond it new messages are dropped and counted
 * @param configuredUrls the four URL settings as written, by key: metric labels and the dashboard show them so
 */
public record KafkaSettings(KafkaUrl blocks, KafkaUrl subtrees, KafkaUrl rejectedTx, KafkaUrl invalidBlocks,
                            int producerBufferLimit, Map<String, String> configuredUrls) {

    /** Setting key of the blocks topic URL. */
    public static final String BLOCKS_KEY = "kafka_blocksConfig";
    /** Setting key of the subtrees topic URL. */
    public static final String SUBTREES_KEY = "kafka_subtreesConfig";
    /** Setting key of the rejected-tx topic URL. */
    public static final String REJECTED_TX_KEY = "kafka_rejectedTxConfig";
    /** Setting key of the invalid-blocks topic URL. */
    public static final String INVALID_BLOCKS_KEY = "kafka_invalidBlocksConfig";
    /** Setting key of the producer buffer bound. */
    public static final String PRODUCER_BUFFER_LIMIT_KEY = "kafka_producerBufferLimit";

    /** Embedded default of {@value #BLOCKS_KEY}: the in-process bus, Teranode's topic name. */
    public static final String DEFAULT_BLOCKS = "memory://blocks";
    /** Embedded default of {@value #SUBTREES_KEY}. */
    public static final String DEFAULT_SUBTREES = "memory://subtrees";
    /** Embedded default of {@value #REJECTED_TX_KEY}. */
    public static final String DEFAULT_REJECTED_TX = "memory://rejectedtx";
    /** Embedded default of {@value #INVALID_BLOCKS_KEY}. */
    public static final String DEFAULT_INVALID_BLOCKS = "memory://invalid-blocks";
    /** Default of {@value #PRODUCER_BUFFER_LIMIT_KEY}. */
    public static final int DEFAULT_PRODUCER_BUFFER_LIMIT = 10_000;

    /** Every key of the module with its built-in default, the one place each default is written. */
    public static final Map<String, String> DEFAULTS = Map.of(
            BLOCKS_KEY, DEFAULT_BLOCKS,
            SUBTREES_KEY, DEFAULT_SUBTREES,
            REJECTED_TX_KEY, DEFAULT_REJECTED_TX,
            INVALID_BLOCKS_KEY, DEFAULT_INVALID_BLOCKS,
            PRODUCER_BUFFER_LIMIT_KEY, Integer.toString(DEFAULT_PRODUCER_BUFFER_LIMIT));

    /** Checks the components are present and the buffer bound is positive. */
    public KafkaSettings {
        Objects.requireNonNull(blocks, BLOCKS_KEY);
        Objects.requireNonNull(subtrees, SUBTREES_KEY);
        Objects.requireNonNull(rejectedTx, REJECTED_TX_KEY);
        Objects.requireNonNull(invalidBlocks, INVALID_BLOCKS_KEY);
        configuredUrls = Map.copyOf(configuredUrls);
        if (producerBufferLimit < 1) {
            throw new KafkaConfigException(PRODUCER_BUFFER_LIMIT_KEY, Integer.toString(producerBufferLimit),
                    "must be a positive number of messages");
        }
    }

    /** @return every setting at its embedded default (the in-process bus for all four topics) */
    public static KafkaSettings defaults() {
        return read(key -> Optional.empty());
    }

    /**
     * Reads the settings by key; a missing key takes its default.
     *
     * @param lookup the configured value of a key, empty when it is not set
     * @return the settings
     * @throws p2p.common.config.SettingException naming the first key whose value is unusable (a
     *         {@link KafkaConfigException} for a URL)
     */
    public static KafkaSettings read(Function<String, Optional<String>> lookup) {
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (String key : List.of(BLOCKS_KEY, SUBTREES_KEY, REJECTED_TX_KEY, INVALID_BLOCKS_KEY)) {
            texts.put(key, lookup.apply(key).orElse(DEFAULTS.get(key)).strip());
        }
        return new KafkaSettings(
                KafkaUrl.parse(BLOCKS_KEY, texts.get(BLOCKS_KEY)),
                KafkaUrl.parse(SUBTREES_KEY, texts.get(SUBTREES_KEY)),
                KafkaUrl.parse(REJECTED_TX_KEY, texts.get(REJECTED_TX_KEY)),
                KafkaUrl.parse(INVALID_BLOCKS_KEY, texts.get(INVALID_BLOCKS_KEY)),
                new SettingLookup(lookup, DEFAULTS).integer(PRODUCER_BUFFER_LIMIT_KEY, 1, Integer.MAX_VALUE),
                texts);
    }

    /** The URL setting {@code key} as written. */
    public String configured(String key) {
        String text = configuredUrls.get(key);
        if (text == null) {
            throw new IllegalArgumentException(key + " is not a Kafka URL setting");
        }
        return text;
    }
}
