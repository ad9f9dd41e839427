package p2p.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The typed readers every module's settings use: a configured value wins over the module's default, an empty value
 * stays empty, and every refusal names the key and the value.
 */
class SettingLookupTest {
    private static final Map<String, String> DEFAULTS = Map.of("p2p_ban_duration", "24h", "n", "7", "b", "true",
            "e", "");

    private static SettingLookup configured(String key, String text) {
        return new SettingLookup(k -> k.equals(key) ? Optional.of(text) : Optional.empty(), DEFAULTS);
    }

    @Test
    void defaultsApplyOnlyToKeysNoLayerSets() {
        SettingLookup none = new SettingLookup(k -> Optional.empty(), DEFAULTS);
        assertEquals(7, none.integer("n", 1, 10));
        assertTrue(none.bool("b"));
        assertEquals(Duration.ofHours(24), none.duration("p2p_ban_duration"));
        assertTrue(none.optional("e").isEmpty());
        assertEquals("setting n is required but has no value",
                assertThrows(SettingException.class, () -> configured("n", " ").integer("n", 1, 10)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> none.text("not_a_key"));
    }

    @Test
    void aBareNumberOrADayUnitIsRefusedAsGoRefusesItNamingTheSetting() {
        for (String text : new String[] {"3", "99999999999999999999", "1d"}) {
            SettingException e = assertThrows(SettingException.class,
                    () -> configured("p2p_ban_duration", text).duration("p2p_ban_duration"), text);
            assertTrue(e.getMessage().contains("p2p_ban_duration") && e.getMessage().contains(text), e.getMessage());
            assertEquals("p2p_ban_duration", e.key());
            assertEquals(text, e.value());
        }
    }

    @Test
    void unitsBeyond292YearsAreRefusedInsteadOfWrapping() {
        assertThrows(SettingException.class,
                () -> configured("p2p_ban_duration", "99999999999h").duration("p2p_ban_duration"));
        assertThrows(SettingException.class,
                () -> configured("p2p_ban_duration", "2562047h2562047h").duration("p2p_ban_duration"));
    }

    @Test
    void ordinaryDurationsParseAndZeroIsRefused() {
        assertEquals(Duration.ofMinutes(90), configured("p2p_ban_duration", " 1h30m ").duration("p2p_ban_duration"));
        assertEquals(Duration.ofMillis(1500), configured("p2p_ban_duration", "1.5s").duration("p2p_ban_duration"));
        assertEquals("setting p2p_ban_duration: '0s' must be longer than zero", assertThrows(SettingException.class,
                () -> configured("p2p_ban_duration", "0s").duration("p2p_ban_duration")).getMessage());
    }

    @Test
    void numbersAndBooleansNameTheirRange() {
        assertEquals("setting n: '11' is not a whole number from 1 to 10", assertThrows(SettingException.class,
                () -> configured("n", "11").integer("n", 1, 10)).getMessage());
        assertFalse(configured("b", "off").bool("b"));
        assertEquals("setting b: 'maybe' is not a boolean (true or false)", assertThrows(SettingException.class,
                () -> configured("b", "maybe").bool("b")).getMessage());
    }

    @Test
    void hostPortsTakeTeranodesForms() {
        assertEquals(new HostPort("0.0.0.0", 9906), HostPort.parse("k", ":9906", "0.0.0.0", -1));
        assertEquals(new HostPort("::1", 80), HostPort.parse("k", "[::1]:80", null, -1));
        assertEquals(new HostPort("2001:db8::2", 9905), HostPort.parse("k", "2001:db8::2", null, 9905));
        assertEquals("setting k: 'h:99999' is not a port number (0-65535)",
                assertThrows(SettingException.class, () -> HostPort.parse("k", "h:99999", null, -1)).getMessage());
        assertEquals("setting k: 'h' has no port (expected host:port)",
                assertThrows(SettingException.class, () -> HostPort.parse("k", "h", null, -1)).getMessage());
    }
}
