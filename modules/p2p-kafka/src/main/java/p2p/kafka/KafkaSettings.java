package p2p.kafka;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The P2P service's Kafka settings (spec/teranode-p2p.md sections 4 and 9), read once at start.
 *
 * @param blocks {@code kafka_blocksConfig}: where peers' block announcements are produced
 * @param subtrees {@code kafka_subtreesConfig}: where peers' subtree announcements are produced
 * @param rejectedTx {@code kafka_rejectedTxConfig}: rejected transactions consumed and gossiped
 * @param invalidBlocks {@code kafka_invalidBlocksConfig}: invalid blocks consumed to ban their senders
 * @param producerBufferLimit {@code kafka_producerBufferLimit}: messages a producer holds while the brokers are
 *        unreachable; beyond it new messages are dropped and counted
 */
public record KafkaSettings(KafkaUrl blocks, KafkaUrl subtrees, KafkaUrl rejectedTx, KafkaUrl invalidBlocks,
                            int producerBufferLimit) {

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

    /** Checks the components are present and the buffer bound is positive. */
    public KafkaSettings {
        Objects.requireNonNull(blocks, BLOCKS_KEY);
        Objects.requireNonNull(subtrees, SUBTREES_KEY);
        Objects.requireNonNull(rejectedTx, REJECTED_TX_KEY);
        Objects.requireNonNull(invalidBlocks, INVALID_BLOCKS_KEY);
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
     * @throws KafkaConfigException naming the first key whose value is unusable
     */
    public static KafkaSettings read(Function<String, Optional<String>> lookup) {
        return new KafkaSettings(
                url(lookup, BLOCKS_KEY, DEFAULT_BLOCKS),
                url(lookup, SUBTREES_KEY, DEFAULT_SUBTREES),
                url(lookup, REJECTED_TX_KEY, DEFAULT_REJECTED_TX),
                url(lookup, INVALID_BLOCKS_KEY, DEFAULT_INVALID_BLOCKS),
                bufferLimit(lookup.apply(PRODUCER_BUFFER_LIMIT_KEY)));
    }

    private static KafkaUrl url(Function<String, Optional<String>> lookup, String key, String fallback) {
        return KafkaUrl.parse(key, lookup.apply(key).orElse(fallback).strip());
    }

    private static int bufferLimit(Optional<String> configured) {
        if (configured.isEmpty()) {
            return DEFAULT_PRODUCER_BUFFER_LIMIT;
        }
        String text = configured.get().strip();
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below with the key and value
        }
        throw new KafkaConfigException(PRODUCER_BUFFER_LIMIT_KEY, text, "must be a positive number of messages");
    }
}
