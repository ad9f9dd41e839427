package p2p.kafka;

/**
 * A Kafka setting whose value cannot be used. The message names the setting key and the value at fault, in the
 * form the rest of the configuration uses: {@code setting kafka_blocksConfig: 'http://x' must be ...}.
 */
public final class KafkaConfigException extends IllegalArgumentException {

    private final String key;
    private final String value;

    /**
     * @param key the setting key, e.g. {@code kafka_blocksConfig}
     * @param value the value as configured (may be null when the setting is missing)
     * @param problem what is wrong with it
     */
    public KafkaConfigException(String key, String value, String problem) {
        super("setting " + key + ": '" + (value == null ? "" : value) + "' " + problem);
        this.key = key;
        this.value = value;
    }

    /** @return the setting key at fault */
    public String key() {
        return key;
    }

    /** @return the value at fault, as configured (null when missing) */
    public String value() {
        return value;
    }
}
