package p2p.kafka;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KafkaClientsTest {

    private final KafkaClients clients = new KafkaClients(ClientOptions.defaults());

    @Test
    void consumerNeedsAGroupId() {
        KafkaUrl url = KafkaUrl.parse("kafka_rejectedTxConfig", "memory://rejectedtx");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> clients.consumer(url, " ", v -> { }, new KafkaStats()));
        assertEquals("a consumer of memory://rejectedtx needs a group id", e.getMessage());
    }

    @Test
    void optionsFromSettingsCarryTheBufferLimit() {
        KafkaSettings settings = KafkaSettings.read(k -> k.equals(KafkaSettings.PRODUCER_BUFFER_LIMIT_KEY)
                ? Optional.of("123") : Optional.empty());
        assertEquals(123, ClientOptions.from(settings).producerBufferLimit());
    }

    @Test
    void optionsRejectADeliveryTimeoutShorterThanTheRequestTimeout() {
        ClientOptions d = ClientOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> new ClientOptions(1, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(2), d.maxRetryBackoff(), d.probeTimeout(), d.closeTimeout()));
    }
}
