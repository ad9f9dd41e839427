package p2p.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Duration settings take exactly Go's {@code time.ParseDuration} text, as Teranode's settings do; a refusal names the
 * setting (SettingsProperties throws hostile text at it too).
 */
class GoDurationTest {

    @Test
    void aBareNumberOrADayUnitIsRefusedAsGoRefusesItNamingTheSetting() {
        for (String text : new String[] {"3", "99999999999999999999", "1d"}) {
            SettingsException e = assertThrows(SettingsException.class, () -> GoDuration.parse("p2p_ban_duration",
                    text), text);
            assertTrue(e.getMessage().contains("p2p_ban_duration") && e.getMessage().contains(text), e.getMessage());
        }
    }

    @Test
    void unitsBeyond292YearsAreRefusedInsteadOfWrapping() {
        assertThrows(SettingsException.class, () -> GoDuration.parse("p2p_ban_duration", "99999999999h"));
        assertThrows(SettingsException.class, () -> GoDuration.parse("p2p_ban_duration", "2562047h2562047h"));
    }

    @Test
    void ordinaryValuesStillParse() {
        assertEquals(Duration.ofHours(24), GoDuration.parse("k", "24h"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("k", " 1h30m "));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("k", "1.5s"));
    }
}
