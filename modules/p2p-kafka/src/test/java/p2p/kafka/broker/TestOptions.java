package p2p.kafka.broker;

import p2p.kafka.ClientOptions;

import java.time.Duration;

/** Client options with short timeouts, so outages and retries happen within a test's time. */
final class TestOptions {

    private TestOptions() {
    }

    static ClientOptions fast(int producerBufferLimit) {
        return new ClientOptions(producerBufferLimit, 1_000, Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
}
