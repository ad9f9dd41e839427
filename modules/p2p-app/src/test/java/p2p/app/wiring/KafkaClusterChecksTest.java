package p2p.app.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import p2p.kafka.KafkaUrl;
import p2p.web.ReadinessCheck;

class KafkaClusterChecksTest {

    @Test
    void oneCheckPerBrokerListAndNoneForMemoryUrls() throws Exception {
        AtomicBoolean secondClusterUp = new AtomicBoolean(true);
        AtomicBoolean consumerUp = new AtomicBoolean(true);
        List<ReadinessCheck> checks = KafkaClusterChecks.of(List.of(
                new KafkaClusterChecks.Client(KafkaUrl.parse("kafka", "kafka://k1:9092,k2:9092/blocks"), () -> true),
                new KafkaClusterChecks.Client(KafkaUrl.parse("kafka", "kafka://k1:9092,k2:9092/subtrees"), consumerUp::get),
                new KafkaClusterChecks.Client(KafkaUrl.parse("kafka", "memory://rejectedtx"), () -> false),
                new KafkaClusterChecks.Client(KafkaUrl.parse("kafka", "kafka://other:9092/invalid-blocks"), secondClusterUp::get)));

        assertEquals(List.of("kafka k1:9092,k2:9092", "kafka other:9092"),
                checks.stream().map(ReadinessCheck::name).toList());
        assertTrue(checks.get(0).check().ok());
        consumerUp.set(false);
        ReadinessCheck.Status down = checks.get(0).check();
        assertFalse(down.ok());
        assertEquals("a Kafka broker of k1:9092,k2:9092 does not answer", down.detail());
        // The other cluster is judged on its own clients only.
        assertTrue(checks.get(1).check().ok());
        secondClusterUp.set(false);
        assertFalse(checks.get(1).check().ok());
    }

    @Test
    void oneClusterIsNamedKafkaAndMemoryOnlyHasNoCheck() {
        assertEquals(List.of("kafka"), KafkaClusterChecks.of(List.of(
                new KafkaClusterChecks.Client(KafkaUrl.parse("kafka", "kafka://k1:9092/blocks"), () -> true),
                new KafkaClusterChecks.Client(KafkaUrl.parse("kafka", "kafka://k1:9092/subtrees"), () -> true))).stream()
                .map(ReadinessCheck::name).toList());
        assertEquals(List.of(), KafkaClusterChecks.of(List.of(
                new KafkaClusterChecks.Client(KafkaUrl.parse("kafka", "memory://blocks"), () -> false))));
    }
}
