package p2p.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaUrlTest {

    private static final String KEY = "kafka_blocksConfig";

    @Test
    void specExampleParsesEveryPart() {
        KafkaUrl url = KafkaUrl.parse(KEY,
                "kafka://host1:9092,host2:9092/blocks?partitions=3&replication=2&retention=600000");
        assertEquals(KafkaUrl.Scheme.KAFKA, url.scheme());
        assertEquals(List.of("host1:9092", "host2:9092"), url.brokers());
        assertEquals("host1:9092,host2:9092", url.bootstrapServers());
        assertEquals("blocks", url.topic());
        assertEquals(3, url.partitions());
        assertEquals(2, url.replicationFactor());
        assertEquals(Optional.of(Duration.ofMinutes(10)), url.retention());
        assertTrue(url.replay());
        assertEquals("kafka://host1:9092,host2:9092/blocks", url.describe());
    }

    @Test
    void missingParametersTakeTeranodeDefaults() {
        KafkaUrl url = KafkaUrl.parse(KEY, "kafka://broker/subtrees");
        assertEquals(List.of("broker:9092"), url.brokers());
        assertEquals(1, url.partitions());
        assertEquals(1, url.replicationFactor());
        assertEquals(Optional.of(KafkaUrl.DEFAULT_RETENTION), url.retention());
        assertEquals(KafkaUrl.DEFAULT_SEGMENT_BYTES, url.segmentBytes());
        assertEquals(OptionalInt.empty(), url.flushBytes());
        assertEquals(Optional.empty(), url.flushFrequency());
        assertEquals(1, url.consumerCount());
    }

    @Test
    void teranodeSettingsConfLineParses() {
        KafkaUrl url = KafkaUrl.parse("kafka_rejectedTxConfig", "kafka://localhost:9092/rejectedtx?partitions=8"
                + "&replication=1&retention=600000&flush_bytes=1024&flush_messages=10000&flush_frequency=1s"
                + "&consumer_ratio=4&replay=0&segment_bytes=33554432");
        assertEquals(OptionalInt.of(1024), url.flushBytes());
        assertEquals(Optional.of(Duration.ofSeconds(1)), url.flushFrequency());
        assertEquals(2, url.consumerCount());
        assertFalse(url.replay());
        assertEquals(33_554_432L, url.segmentBytes());
    }

    @Test
    void retentionMinusOneMeansForever() {
        assertEquals(Optional.empty(), KafkaUrl.parse(KEY, "kafka://b:1/t?retention=-1").retention());
    }

    @Test
    void ipv6BrokerKeepsItsBrackets() {
        assertEquals(List.of("[::1]:9093", "[fe80::1]:9092"),
                KafkaUrl.parse(KEY, "kafka://[::1]:9093,[fe80::1]/t").brokers());
    }

    @Test
    void memoryUrlNamesTheTopicAsHost() {
        KafkaUrl url = KafkaUrl.parse(KEY, "memory://invalid-blocks");
        assertTrue(url.isMemory());
        assertEquals("invalid-blocks", url.topic());
        assertEquals(List.of(), url.brokers());
        assertEquals("memory://invalid-blocks", url.describe());
    }

    @Test
    void memoryUrlInTeranodeHostAndPathFormUsesThePath() {
        KafkaUrl url = KafkaUrl.parse(KEY, "memory://localhost:9092/blocks?partitions=1&replication=1");
        assertEquals("blocks", url.topic());
        assertTrue(url.isMemory());
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertTrue(KafkaUrl.parse(KEY, "MEMORY://x").isMemory());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "''|must be a kafka://brokers/topic or memory://topic URL",
            "http://x|must be a kafka://brokers/topic or memory://topic URL",
            "blocks|must be a kafka://brokers/topic or memory://topic URL",
            "kafka:///blocks|has no broker: write kafka://host:port/topic",
            "kafka://host:9092|has no topic: write kafka://host:port/topic",
            "kafka://host:9092/|has no topic: write kafka://host:port/topic",
            "memory://|has no topic: write memory://topic",
            "kafka://host:99999/t|has broker 'host:99999' whose port is not a number from 1 to 65535",
            "kafka://host:/t|has broker 'host:' whose port is not a number from 1 to 65535",
            "kafka://host:x/t|has broker 'host:x' whose port is not a number from 1 to 65535",
            "kafka://a:1,,b:2/t|has a malformed broker ''",
            "kafka://ho st:1/t|has a malformed broker 'ho st:1'",
            "kafka://[::1/t|has a malformed IPv6 broker '[::1'",
            "kafka://[::1]x/t|has a malformed broker '[::1]x'",
            "kafka://h/a/b|has topic 'a/b': a topic is 1 to 249 of the characters a-z A-Z 0-9 . _ -",
            "kafka://h/..|has topic '..': a topic is 1 to 249 of the characters a-z A-Z 0-9 . _ -",
            "memory://bl%ocks|has topic 'bl%ocks': a topic is 1 to 249 of the characters a-z A-Z 0-9 . _ -",
            "kafka://h/t#x|must not have a #fragment",
            "kafka://h/t?partitions=0|partitions must be a whole number from 1 to 10000, got '0'",
            "kafka://h/t?partitions=abc|partitions must be a whole number from 1 to 10000, got 'abc'",
            "kafka://h/t?partitions=99999999999999999999|partitions must be a whole number from 1 to 10000, got '99999999999999999999'",
            "kafka://h/t?replication=-2|replication must be a whole number from 1 to 32767, got '-2'",
            "kafka://h/t?replay=2|replay must be a whole number from 0 to 1, got '2'",
            "kafka://h/t?retention=soon|retention must be milliseconds (a positive whole number) or -1 for forever, got 'soon'",
            "kafka://h/t?retention=0|retention must be milliseconds (a positive whole number) or -1 for forever, got '0'",
            "kafka://h/t?flush_frequency=1x|flush_frequency must be a duration such as 500ms or 1s, got '1x' (time: unknown unit \"x\" in duration \"1x\")",
            "kafka://h/t?flush_frequency=-1s|flush_frequency must not be negative, got '-1s'",
            "kafka://h/t?partitions=1&partitions=2|repeats parameter 'partitions'",
            "kafka://h/t?partition=1|has unknown parameter 'partition' (known: consumer_ratio, flush_bytes, flush_frequency, flush_messages, partitions, replay, replication, retention, segment_bytes)",
            "kafka://h/t?partitions=%zz|has a malformed %-escape in '%zz'",
    })
    void malformedUrlErrorNamesKeyValueAndProblem(String value, String problem) {
        KafkaConfigException e = assertThrows(KafkaConfigException.class, () -> KafkaUrl.parse(KEY, value));
        assertEquals("setting " + KEY + ": '" + value + "' " + problem, e.getMessage());
        assertEquals(KEY, e.key());
        assertEquals(value, e.value());
    }

    @Test
    void credentialsAreRefusedAndMaskedInTheError() {
        KafkaConfigException e = assertThrows(KafkaConfigException.class,
                () -> KafkaUrl.parse(KEY, "kafka://user:hunter2@host:9092,b:9092/t"));
        assertEquals("setting " + KEY + ": 'kafka://***@host:9092,b:9092/t' must not carry credentials in the URL",
                e.getMessage());
        assertEquals("kafka://***@host:9092,b:9092/t", e.value());
    }

    @Test
    void missingUrlErrorNamesTheKey() {
        KafkaConfigException e = assertThrows(KafkaConfigException.class,
                () -> KafkaUrl.parse("kafka_subtreesConfig", null));
        assertEquals("setting kafka_subtreesConfig: '' must be a kafka://brokers/topic or memory://topic URL",
                e.getMessage());
    }

    @Test
    void overlongTopicIsRejected() {
        String topic = "t".repeat(250);
        assertThrows(KafkaConfigException.class, () -> KafkaUrl.parse(KEY, "memory://" + topic));
        assertEquals(topic.substring(1), KafkaUrl.parse(KEY, "memory://" + topic.substring(1)).topic());
    }
}
