package p2p.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import p2p.common.config.SettingException;

class KafkaSettingsTest {

    @Test
    void defaultsAreTheInProcessBusWithTeranodeTopicNames() {
        KafkaSettings s = KafkaSettings.defaults();
        assertTrue(s.blocks().isMemory() && s.subtrees().isMemory() && s.rejectedTx().isMemory()
                && s.invalidBlocks().isMemory());
        assertEquals("blocks", s.blocks().topic());
        assertEquals("subtrees", s.subtrees().topic());
        assertEquals("rejectedtx", s.rejectedTx().topic());
        assertEquals("invalid-blocks", s.invalidBlocks().topic());
        assertEquals(10_000, s.producerBufferLimit());
    }

    @Test
    void configuredValuesReplaceDefaults() {
        Map<String, String> conf = Map.of("kafka_blocksConfig", " kafka://k1:9092/blocks2?partitions=4 ",
                "kafka_producerBufferLimit", "50");
        KafkaSettings s = KafkaSettings.read(k -> Optional.ofNullable(conf.get(k)));
        assertEquals("blocks2", s.blocks().topic());
        assertEquals(4, s.blocks().partitions());
        assertEquals("subtrees", s.subtrees().topic());
        assertEquals(50, s.producerBufferLimit());
    }

    @Test
    void badUrlErrorNamesItsKey() {
        Map<String, String> conf = Map.of("kafka_invalidBlocksConfig", "http://x");
        KafkaConfigException e = assertThrows(KafkaConfigException.class,
                () -> KafkaSettings.read(k -> Optional.ofNullable(conf.get(k))));
        assertEquals("kafka_invalidBlocksConfig", e.key());
        assertEquals("setting kafka_invalidBlocksConfig: 'http://x' must be a kafka://brokers/topic or memory://topic URL",
                e.getMessage());
    }

    @Test
    void badBufferLimitErrorNamesItsKey() {
        for (String bad : new String[] {"0", "-3", "many", ""}) {
            SettingException e = assertThrows(SettingException.class,
                    () -> KafkaSettings.read(k -> k.equals("kafka_producerBufferLimit") ? Optional.of(bad)
                            : Optional.empty()));
            assertEquals(bad.isEmpty() ? "setting kafka_producerBufferLimit is required but has no value"
                    : "setting kafka_producerBufferLimit: '" + bad + "' is not a whole number from 1 to 2147483647",
                    e.getMessage());
            assertEquals("kafka_producerBufferLimit", e.key());
        }
    }
}
