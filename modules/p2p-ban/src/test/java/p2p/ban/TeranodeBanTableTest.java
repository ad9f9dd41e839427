package p2p.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Teranode's Go service does with bans, on embedded Derby (spec section 5.1): {@code ip:port} targets, past
 * expiries, bare keys in ListBanned, the table's column layout, rows as Go writes them, and the conversion of this
 * node's earlier layout.
 */
class TeranodeBanTableTest {
    private static final Instant START = Instant.parse("2025-07-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final List<BanList> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(BanList::close);
    }

    private String url() {
        return "jdbc:derby:" + dir.resolve("bans").toAbsolutePath() + ";create=true";
    }

    private BanList open() {
        BanList list = BanList.open(new BanSettings(url(), null, null, 100, DAY), clock);
        opened.add(list);
        return list;
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.executeUpdate(statement);
            }
        }
    }

    /** Rows of {@code SELECT "key", expiration_time, subnet FROM bans ORDER BY 1} as "key|UTC time|subnet". */
    private List<String> rows() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"key\", expiration_time, subnet FROM bans ORDER BY 1")) {
            while (rs.next()) {
                Timestamp expiry = rs.getTimestamp(2);
                out.add(rs.getString(1) + "|" + (expiry == null ? null
                        : expiry.toLocalDateTime().toInstant(ZoneOffset.UTC)) + "|" + rs.getString(3));
            }
        }
        return out;
    }

    private static String utc(Instant instant) {
        return "TIMESTAMP('" + Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)) + "')";
    }

    @Test
    void ipPortTargetsBanTheIpAndAreListedBare() {
        BanList list = open();
        BanEntry v4 = list.add("203.0.113.7:8333", START.plus(DAY));
        BanEntry v6 = list.add("[2001:db8::7]:8333", START.plus(DAY));
        assertEquals("203.0.113.7", v4.key());
        assertEquals("2001:db8::7", v6.key());
        assertTrue(list.isBanned("203.0.113.7"), "Teranode stores ip:port and never matches it; here it bans the IP");
        assertTrue(list.isBanned("203.0.113.7:9905"));
        assertTrue(list.isBanned("2001:db8::7"));
        assertEquals(List.of("2001:db8::7", "203.0.113.7"), list.listBanned());
        assertTrue(list.remove("203.0.113.7:1"), "unban with any port names the same entry");
        assertFalse(list.isBanned("203.0.113.7"));
    }

    @Test
    void aPastExpiryIsStoredAnnouncedAndBansNothing() throws Exception {
        BanList list = open();
        BlockingQueue<BanEvent> events = new LinkedBlockingQueue<>();
        list.subscribe(events::add);
        BanEntry entry = list.add("198.51.100.1", START.minus(Duration.ofHours(1)));
        assertEquals(START.minus(Duration.ofHours(1)), entry.expiresAt());
        BanEvent event = events.poll(30, TimeUnit.SECONDS);
        assertNotNull(event, "an add event, as Go emits for an expired ban");
        assertEquals(new BanEvent(BanEvent.Action.ADD, "198.51.100.1", ""), event);
        assertFalse(list.isBanned("198.51.100.1"), "expired is not banned");
        assertEquals(List.of(), list.listBanned());
        assertEquals(List.of("198.51.100.1|" + START.minus(Duration.ofHours(1)) + "|198.51.100.1/32"), rows(),
                "stored as Go stores it");
        list.add("198.51.100.2", START.plus(DAY));
        assertEquals(List.of("198.51.100.2|" + START.plus(DAY) + "|198.51.100.2/32"), rows(),
                "pruned by the next write");
    }

    @Test
    void theTableHasTeranodesColumns() throws Exception {
        BanList list = open();
        list.add("10.0.0.1", START.plus(DAY));
        list.add("10.9.8.7/8", START.plus(DAY));
        list.add("2001:db8::1", START.plus(DAY));
        list.close();
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"key\", expiration_time, subnet FROM bans WHERE 1 = 0")) {
            assertEquals(Types.VARCHAR, rs.getMetaData().getColumnType(1));
            assertEquals(Types.TIMESTAMP, rs.getMetaData().getColumnType(2));
            assertEquals(Types.VARCHAR, rs.getMetaData().getColumnType(3));
        }
        Instant until = START.plus(DAY);
        assertEquals(List.of("10.0.0.0/8|" + until + "|10.0.0.0/8", "10.0.0.1|" + until + "|10.0.0.1/32",
                "2001:db8::1|" + until + "|2001:db8::1/128"), rows());
    }

    @Test
    void rowsAsTeranodeWritesThemAreReadAndRewrittenUnderCanonicalKeys() throws Exception {
        Instant until = START.plus(DAY);
        sql("CREATE TABLE bans (\"key\" VARCHAR(128) NOT NULL PRIMARY KEY, expiration_time TIMESTAMP,"
                        + " subnet VARCHAR(64))",
                "INSERT INTO bans VALUES ('192.0.2.1', " + utc(until) + ", '192.0.2.1/32')",
                "INSERT INTO bans VALUES ('192.0.2.2:8333', " + utc(until) + ", '192.0.2.2/32')",
                "INSERT INTO bans VALUES ('192.0.2.77/24', " + utc(until) + ", '192.0.2.0/24')",
                "INSERT INTO bans VALUES ('[2001:db8::9]:8333', " + utc(until) + ", '2001:db8::9/128')",
                "INSERT INTO bans VALUES ('198.51.100.9', " + utc(START.minus(DAY)) + ", '198.51.100.9/32')",
                "INSERT INTO bans VALUES ('not-an-ip', " + utc(until) + ", 'garbage')",
                "INSERT INTO bans VALUES ('198.51.100.10', NULL, '198.51.100.10/32')");
        BanList list = open();
        assertEquals(List.of("192.0.2.0/24", "192.0.2.1", "192.0.2.2", "2001:db8::9"), list.listBanned());
        assertTrue(list.isBanned("192.0.2.2"), "Go's ip:port row now bans the IP");
        assertTrue(list.isBanned("192.0.2.200"));
        assertFalse(list.isBanned("198.51.100.9"), "expired");
        list.close();
        assertEquals(List.of("192.0.2.0/24|" + until + "|192.0.2.0/24", "192.0.2.1|" + until + "|192.0.2.1/32",
                "192.0.2.2|" + until + "|192.0.2.2/32", "198.51.100.10|null|198.51.100.10/32",
                "2001:db8::9|" + until + "|2001:db8::9/128", "not-an-ip|" + until + "|garbage"), rows(),
                "rewritten under canonical keys, the expired row deleted, unreadable rows left alone");
    }

    @Test
    void theEarlierLayoutIsConvertedOnOpen() throws Exception {
        Instant until = START.plus(DAY);
        sql("CREATE TABLE bans (\"key\" VARCHAR(64) NOT NULL PRIMARY KEY, expiration_time BIGINT NOT NULL,"
                        + " subnet BOOLEAN NOT NULL)",
                "INSERT INTO bans VALUES ('10.0.0.1/32', " + until.toEpochMilli() + ", FALSE)",
                "INSERT INTO bans VALUES ('10.1.0.0/16', " + until.toEpochMilli() + ", TRUE)",
                "INSERT INTO bans VALUES ('2001:db8::1/128', " + until.toEpochMilli() + ", FALSE)");
        BanList list = open();
        assertEquals(List.of("10.0.0.1", "10.1.0.0/16", "2001:db8::1"), list.listBanned());
        assertTrue(list.isBanned("10.1.2.3"));
        assertEquals(until, list.entries().getFirst().expiresAt());
        list.close();
        assertEquals(List.of("10.0.0.1|" + until + "|10.0.0.1/32", "10.1.0.0/16|" + until + "|10.1.0.0/16",
                "2001:db8::1|" + until + "|2001:db8::1/128"), rows());
        assertEquals(List.of("10.0.0.1", "10.1.0.0/16", "2001:db8::1"), open().listBanned(), "converted once");
    }
}
