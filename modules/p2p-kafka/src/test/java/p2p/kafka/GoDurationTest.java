package p2p.kafka;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({"1s,1000000000", "500ms,500000000", "1m30s,90000000000", "2h,7200000000000", "1.5s,1500000000",
            "10us,10000", "7ns,7", "0s,0"})
    void parsesGoDurations(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "s", "1 s", "1sx", "-1s", "1d", "99999999999999h"})
    void rejectsAnythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    }
}
