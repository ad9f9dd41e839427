package p2p.kafka;

import p2p.common.config.SettingException;

/**
 * A Kafka setting whose value cannot be used. The message names the setting key and the value at fault, in the
 * form the rest of the configuration uses: {@code setting kafka_blocksConfig: 'http://x' must be ...}.
 */
public final class KafkaConfigException extends SettingException {
    private static final long serialVersionUID = 1L;

    /**
     * @param key the setting key, e.g. {@code kafka_blocksConfig}
     * @param value the value as configured (may be null when the setting is missing)
     * @param problem what is wrong with it
     */
    public KafkaConfigException(String key, String value, String problem) {
        super(key, value, problem);
    }
}
