package p2p.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Go 1.26's {@code time.ParseDuration} on each input (printed by a throwaway Go program, kept here as data): the
 * nanoseconds it returned, or its error text, which ours repeats.
 */
class GoDurationTest {
    private static final Map<String, Long> ACCEPTED = Map.ofEntries(
            Map.entry("0", 0L),
            Map.entry("+0", 0L),
            Map.entry("-0", 0L),
            Map.entry("1s", 1000000000L),
            Map.entry("500ms", 500000000L),
            Map.entry("1m30s", 90000000000L),
            Map.entry("24h", 86400000000000L),
            Map.entry("1h30m", 5400000000000L),
            Map.entry("1.5s", 1500000000L),
            Map.entry(".5s", 500000000L),
            Map.entry("1.s", 1000000000L),
            Map.entry("2h45m30.5s", 9930500000000L),
            Map.entry("10us", 10000L),
            Map.entry("10\u00b5s", 10000L),
            Map.entry("10\u03bcs", 10000L),
            Map.entry("1ns", 1L),
            Map.entry("-1s", -1000000000L),
            Map.entry("+2m", 120000000000L),
            Map.entry("1.0000000000000000000000000001s", 1000000000L),
            Map.entry("9223372036854775807ns", 9223372036854775807L),
            Map.entry("2562047h", 9223369200000000000L),
            Map.entry("000000000000000000000001s", 1000000000L));

    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("3", "time: missing unit in duration \"3\""),
            Map.entry("", "time: invalid duration \"\""),
            Map.entry("-", "time: invalid duration \"-\""),
            Map.entry("s", "time: invalid duration \"s\""),
            Map.entry("1d", "time: unknown unit \"d\" in duration \"1d\""),
            Map.entry("1x", "time: unknown unit \"x\" in duration \"1x\""),
            Map.entry("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""),
            Map.entry("2562048h", "time: invalid duration \"2562048h\""),
            Map.entry("1h1", "time: missing unit in duration \"1h1\""),
            Map.entry(".s", "time: invalid duration \".s\""),
            Map.entry("1..5s", "time: missing unit in duration \"1..5s\""),
            Map.entry(" 1s", "time: invalid duration \" 1s\""),
            Map.entry("1s ", "time: unknown unit \"s \" in duration \"1s \""));

    @Test
    void acceptsWhatGoAcceptsWithTheSameNanoseconds() {
        ACCEPTED.forEach((text, nanos) -> assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text), text));
    }

    @Test
    void refusesWhatGoRefusesWithGosMessage() {
        REFUSED.forEach((text, message) -> assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text), text).getMessage(), text));
    }

    @Test
    void aMillionDigitNumberIsCheapToRefuseOrTruncate() {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("9".repeat(1_000_000) + "s"));
        assertEquals(Duration.ofSeconds(1), GoDuration.parse("1." + "0".repeat(1_000_000) + "s"));
        assertEquals(Duration.ofSeconds(1), GoDuration.parse("0".repeat(1_000_000) + "1s"));
    }
}
