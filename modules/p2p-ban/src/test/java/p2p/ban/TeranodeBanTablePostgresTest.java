package p2p.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ban list on a PostgreSQL {@code bans} table made by Teranode's own DDL and filled as Teranode's Go service
 * fills it (spec section 5.1: {@code INSERT ... ON CONFLICT}, {@code expiration_time} as RFC 3339 text with the zone
 * offset of the value, {@code subnet} as CIDR text), and the conversion of this node's earlier layout. Runs only
 * when {@code P2P_TEST_PG_URL} names a scratch database ({@code .ci/test-postgres start} makes one); it drops that
 * database's {@code bans} table.
 */
class TeranodeBanTablePostgresTest {
    private static final String SKIPPED = "skipped: no PostgreSQL server (set P2P_TEST_PG_URL)";
    /** Teranode's DDL, verbatim (services/p2p/BanList.go createTables). */
    private static final String TERANODE_DDL = """
            CREATE TABLE IF NOT EXISTS bans (
                key TEXT PRIMARY KEY,
                expiration_time TIMESTAMP WITH TIME ZONE,
                subnet TEXT
            )""";
    private static final String GO_INSERT = "INSERT INTO bans (key, expiration_time, subnet) VALUES (?, ?::timestamptz,"
            + " ?) ON CONFLICT (key) DO UPDATE SET expiration_time = EXCLUDED.expiration_time, subnet = EXCLUDED.subnet";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-07-01T00:00:00Z"));
    private String url;
    private BanSettings settings;

    @BeforeEach
    void requireServer() throws SQLException {
        url = System.getenv("P2P_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            System.out.println(SKIPPED);
        }
        Assumptions.assumeTrue(url != null && !url.isBlank(), SKIPPED);
        settings = new BanSettings(url, System.getenv("P2P_TEST_PG_USER"), System.getenv("P2P_TEST_PG_PASSWORD"),
                100, Duration.ofDays(1));
        sql("DROP TABLE IF EXISTS bans");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, settings.username(), settings.password());
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.executeUpdate(statement);
            }
        }
    }

    /** What Go's savePeerToDatabase does: key, time.Format(time.RFC3339), subnet.String(). */
    private void goSave(String key, String rfc3339, String subnet) throws SQLException {
        try (Connection c = connect(); var insert = c.prepareStatement(GO_INSERT)) {
            insert.setString(1, key);
            insert.setString(2, rfc3339);
            insert.setString(3, subnet);
            insert.executeUpdate();
        }
    }

    /** What Go's loadFromDatabase reads, with the time as an instant: "key|instant|subnet", ordered by key. */
    private List<String> rows() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key, expiration_time, subnet FROM bans ORDER BY key")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getTimestamp(2).toInstant() + "|" + rs.getString(3));
            }
        }
        return out;
    }

    @Test
    void bansTeranodeWroteAreReadAndTheTableStaysTeranodes() throws Exception {
        sql(TERANODE_DDL);
        // Go formats the expiry in the zone of the value: a +02:00 offset is the same instant as 00:00Z.
        goSave("192.0.2.1", "2025-07-02T02:00:00+02:00", "192.0.2.1/32");
        goSave("192.0.2.2:8333", "2025-07-02T00:00:00Z", "192.0.2.2/32");
        goSave("192.0.2.77/24", "2025-07-02T00:00:00Z", "192.0.2.0/24");
        goSave("2001:db8::9", "2025-07-02T00:00:00Z", "2001:db8::9/128");
        goSave("198.51.100.9", "2025-06-30T00:00:00Z", "198.51.100.9/32");
        Instant until = Instant.parse("2025-07-02T00:00:00Z");
        try (BanList list = BanList.open(settings, clock)) {
            assertEquals(List.of("192.0.2.0/24", "192.0.2.1", "192.0.2.2", "2001:db8::9"), list.listBanned());
            assertEquals(until, list.entries().getFirst().expiresAt());
            assertTrue(list.isBanned("192.0.2.2"), "Go's ip:port row bans the IP here");
            assertTrue(list.isBanned("192.0.2.200"));
            assertFalse(list.isBanned("198.51.100.9"), "expired");
            list.add("203.0.113.5:8333", until);
        }
        assertEquals(List.of("192.0.2.0/24|" + until + "|192.0.2.0/24", "192.0.2.1|" + until + "|192.0.2.1/32",
                "192.0.2.2|" + until + "|192.0.2.2/32", "2001:db8::9|" + until + "|2001:db8::9/128",
                "203.0.113.5|" + until + "|203.0.113.5/32"), rows(), "rows Go's loadFromDatabase reads back");
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT data_type FROM information_schema.columns"
                     + " WHERE table_name = 'bans' ORDER BY ordinal_position")) {
            List<String> types = new ArrayList<>();
            while (rs.next()) {
                types.add(rs.getString(1));
            }
            assertEquals(List.of("text", "timestamp with time zone", "text"), types, "Teranode's table, untouched");
        }
    }

    @Test
    void aNewTableIsCreatedWithTeranodesDdlAndTheEarlierLayoutIsConverted() throws Exception {
        sql("CREATE TABLE bans (\"key\" VARCHAR(64) NOT NULL PRIMARY KEY, expiration_time BIGINT NOT NULL,"
                + " subnet BOOLEAN NOT NULL)");
        Instant until = Instant.parse("2025-07-02T00:00:00Z");
        sql("INSERT INTO bans VALUES ('10.0.0.1/32', " + until.toEpochMilli() + ", FALSE)",
                "INSERT INTO bans VALUES ('10.1.0.0/16', " + until.toEpochMilli() + ", TRUE)");
        try (BanList list = BanList.open(settings, clock)) {
            assertEquals(List.of("10.0.0.1", "10.1.0.0/16"), list.listBanned());
        }
        assertEquals(List.of("10.0.0.1|" + until + "|10.0.0.1/32", "10.1.0.0/16|" + until + "|10.1.0.0/16"), rows());
        sql("DROP TABLE bans");
        try (BanList list = BanList.open(settings, clock)) {
            list.add("10.0.0.2", until);
        }
        assertEquals(List.of("10.0.0.2|" + until + "|10.0.0.2/32"), rows());
    }
}
