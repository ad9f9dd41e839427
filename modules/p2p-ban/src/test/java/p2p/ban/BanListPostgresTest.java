package p2p.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same ban list on PostgreSQL. Runs only when {@code P2P_TEST_PG_URL} names a database
 * ({@code jdbc:postgresql://localhost:5432/p2p}; {@code P2P_TEST_PG_USER} and {@code P2P_TEST_PG_PASSWORD} are
 * optional). It clears that database's {@code bans} table: use a scratch database.
 */
class BanListPostgresTest {

    private static final String SKIPPED = "skipped: no PostgreSQL server (set P2P_TEST_PG_URL)";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-07-01T00:00:00Z"));
    private BanSettings settings;

    @BeforeEach
    void requireServer() {
        String url = System.getenv("P2P_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            System.out.println(SKIPPED);
        }
        Assumptions.assumeTrue(url != null && !url.isBlank(), SKIPPED);
        settings = new BanSettings(url, System.getenv("P2P_TEST_PG_USER"), System.getenv("P2P_TEST_PG_PASSWORD"),
                100, Duration.ofDays(1));
    }

    @Test
    void addLookupUpsertRemoveAndReloadOnPostgres() {
        Instant day = clock.instant().plus(Duration.ofDays(1));
        try (BanList list = BanList.open(settings, clock)) {
            list.clear();
            list.add("10.0.0.1", day);
            list.add("2001:db8::/32", day);
            list.add("192.168.0.0/16", clock.instant().plus(Duration.ofHours(1)));
            list.add("192.168.0.0/16", day); // upsert
            list.add("172.16.0.1", day);
            assertTrue(list.remove("172.16.0.1"));
            assertTrue(list.isBanned("[2001:db8::5]:1"));
        }
        try (BanList list = BanList.open(settings, clock)) {
            assertEquals(List.of(
                    new BanEntry("10.0.0.1", day, false),
                    new BanEntry("192.168.0.0/16", day, true),
                    new BanEntry("2001:db8::/32", day, true)), list.entries());
            assertTrue(list.isBanned("192.168.3.4:8333"));
            assertFalse(list.isBanned("172.16.0.1"));
            list.clear();
        }
        try (BanList list = BanList.open(settings, clock)) {
            assertEquals(0, list.size());
        }
    }
}
