package p2p.app.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Go durations in settings: values past int64 nanoseconds are refused, naming the setting (SettingsProperties). */
class GoDurationTest {

    @Test
    void bareSecondsBeyondALongAreASettingsErrorNotANumberFormatException() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> GoDuration.parse("p2p_ban_duration", "99999999999999999999"));
        assertTrue(e.getMessage().contains("p2p_ban_duration"), e.getMessage());
    }

    @Test
    void unitsBeyond292YearsAreRefusedInsteadOfWrapping() {
        assertThrows(SettingsException.class, () -> GoDuration.parse("p2p_ban_duration", "99999999999h"));
        assertThrows(SettingsException.class, () -> GoDuration.parse("p2p_ban_duration", "2562047h2562047h"));
    }

    @Test
    void ordinaryValuesStillParse() {
        assertEquals(Duration.ofHours(24), GoDuration.parse("k", "24h"));
        assertEquals(Duration.ofSeconds(3), GoDuration.parse("k", "3"));
        assertEquals(Duration.ofSeconds(Long.MAX_VALUE), GoDuration.parse("k", String.valueOf(Long.MAX_VALUE)));
    }
}
