package p2p.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BanList#reload()}, which a shared PostgreSQL list runs on each change notification, on real Derby files
 * changed behind the list's back by a second connection (as another node or Teranode would change a shared table):
 * the difference becomes ADD and REMOVE events, rows it cannot read are passed over, and a reload that finds nothing
 * new publishes nothing.
 */
class BanListReloadTest {
    private static final Instant START = Instant.parse("2025-07-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final BlockingQueue<BanEvent> events = new LinkedBlockingQueue<>();
    private String url;
    private BanList list;

    @BeforeEach
    void open() {
        DerbyTemplate.copyTo(dir.resolve("bans"));
        BanSettings settings = BanSettings.derby(dir.resolve("bans"), 100, DAY);
        url = settings.jdbcUrl();
        list = BanList.open(settings, clock);
        list.subscribe(events::add);
    }

    @AfterEach
    void close() {
        list.close();
    }

    @Test
    void rowsAnotherWriterAddsChangesAndDeletesBecomeEvents() throws Exception {
        insert("10.0.0.1", START.plus(DAY), "10.0.0.1/32");
        insert("10.2.0.0/16", START.plus(DAY), "10.2.0.0/16");
        list.reload();
        assertEquals(List.of(add("10.0.0.1", ""), add("", "10.2.0.0/16")), take(2));
        assertTrue(list.isBanned("10.2.3.4"));

        sql("UPDATE bans SET expiration_time = ? WHERE \"key\" = '10.0.0.1'", START.plus(DAY.multipliedBy(2)));
        sql("DELETE FROM bans WHERE \"key\" = '10.2.0.0/16'", null);
        list.reload();
        assertEquals(List.of(new BanEvent(BanEvent.Action.REMOVE, "", "10.2.0.0/16"), add("10.0.0.1", "")), take(2));
        assertFalse(list.isBanned("10.2.3.4"));
        assertEquals(List.of(new BanEntry("10.0.0.1", START.plus(DAY.multipliedBy(2)), false)), list.entries());
    }

    @Test
    void aReloadAfterTheListsOwnWriteFindsNothingToPublish() throws Exception {
        list.add("10.0.0.9", START.plus(DAY));
        assertEquals(List.of(add("10.0.0.9", "")), take(1));

        list.reload();
        list.add("10.0.0.10", START.plus(DAY));

        // Events reach a subscriber in order: had the reload published one, it would come before this add's.
        assertEquals(List.of(add("10.0.0.10", "")), take(1));
        assertTrue(list.isBanned("10.0.0.9"));
    }

    @Test
    void unreadableExpiredAndTeranodeSpelledRowsAreHandledAsOnOpen() throws Exception {
        insert("not-an-address", START.plus(DAY), "x");
        insert("10.0.0.2", null, "10.0.0.2/32");
        insert("10.0.0.3", START.minusSeconds(1), "10.0.0.3/32");
        insert("10.0.0.4:8333", START.plus(DAY), "10.0.0.4/32"); // as Teranode's alert service keys it

        list.reload();

        assertEquals(List.of(add("10.0.0.4", "")), take(1));
        assertEquals(List.of("10.0.0.4"), list.listBanned());
        assertFalse(list.isBanned("10.0.0.2"));
        assertFalse(list.isBanned("10.0.0.3"));
        list.add("10.0.0.5", START.plus(DAY)); // the list keeps working
        assertTrue(list.isBanned("10.0.0.5"));
    }

    private static BanEvent add(String ip, String subnet) {
        return new BanEvent(BanEvent.Action.ADD, ip, subnet);
    }

    private List<BanEvent> take(int n) throws InterruptedException {
        List<BanEvent> taken = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            BanEvent event = events.poll(30, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("only " + taken + " of " + n + " events within the deadline");
            }
            taken.add(event);
        }
        return taken;
    }

    private void insert(String key, Instant expiry, String subnet) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO bans (\"key\", expiration_time, subnet) VALUES (?, ?, ?)")) {
            insert.setString(1, key);
            insert.setTimestamp(2, expiry == null ? null : derby(expiry));
            insert.setString(3, subnet);
            insert.executeUpdate();
        }
    }

    private void sql(String statement, Instant parameter) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(statement)) {
            if (parameter != null) {
                s.setTimestamp(1, derby(parameter));
            }
            s.executeUpdate();
        }
    }

    /** Derby keeps the UTC wall clock (BanStore's Derby dialect). */
    private static Timestamp derby(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
