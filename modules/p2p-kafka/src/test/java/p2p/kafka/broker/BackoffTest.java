package p2p.kafka.broker;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {

    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(5);

    @Test
    void doublesFromTheFirstDelayUpToTheCap() {
        assertEquals(Duration.ofMillis(100), Backoff.delay(FIRST, MAX, 1));
        assertEquals(Duration.ofMillis(200), Backoff.delay(FIRST, MAX, 2));
        assertEquals(Duration.ofMillis(3_200), Backoff.delay(FIRST, MAX, 6));
        assertEquals(MAX, Backoff.delay(FIRST, MAX, 7));
        assertEquals(MAX, Backoff.delay(FIRST, MAX, Integer.MAX_VALUE));
    }

    @Test
    void attemptBelowOneIsTreatedAsTheFirst() {
        assertEquals(FIRST, Backoff.delay(FIRST, MAX, 0));
    }
}
