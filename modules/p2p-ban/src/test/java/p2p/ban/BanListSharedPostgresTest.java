package p2p.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import p2p.ban.store.BanChangeListener;
import p2p.testkit.Await;

/**
 * Two ban lists on one PostgreSQL database, as two nodes sharing it (issue 18 item 3): what one writes (or another
 * writer such as Teranode or psql) reaches the other through the table's trigger and LISTEN/NOTIFY, as ADD and
 * REMOVE events, and the listener comes back after its connection is killed. Runs only when {@code P2P_TEST_PG_URL}
 * names a database (CI's .ci/run starts one); it clears that database's {@code bans} table.
 */
class BanListSharedPostgresTest {
    private static final String SKIPPED = "skipped: no PostgreSQL server (set P2P_TEST_PG_URL)";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private BanSettings settings;
    private BanList first;
    private BanList second;
    private final BlockingQueue<BanEvent> secondEvents = new LinkedBlockingQueue<>();
    private final Instant day = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void openTwoListsOnOneDatabase() {
        String url = System.getenv("P2P_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            System.out.println(SKIPPED);
        }
        Assumptions.assumeTrue(url != null && !url.isBlank(), SKIPPED);
        settings = new BanSettings(url, System.getenv("P2P_TEST_PG_USER"), System.getenv("P2P_TEST_PG_PASSWORD"),
                100, Duration.ofDays(1));
        first = BanList.open(settings);
        first.clear();
        second = BanList.open(settings);
        second.subscribe(secondEvents::add);
    }

    @AfterEach
    void close() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.clear();
            first.close();
        }
    }

    @Test
    void aBanAndAnUnbanOnOneListReachTheOtherAsEvents() throws Exception {
        long start = System.nanoTime();
        first.add("10.9.8.7", day);
        assertEquals(new BanEvent(BanEvent.Action.ADD, "10.9.8.7", ""), next("the ban of 10.9.8.7"));
        System.out.printf("shared ban list: a ban on one list reached the other in %.1f ms%n",
                (System.nanoTime() - start) / 1e6);
        assertTrue(second.isBanned("10.9.8.7:8333"));
        assertEquals(first.entries(), second.entries());

        first.add("192.168.7.0/24", day);
        assertEquals(new BanEvent(BanEvent.Action.ADD, "", "192.168.7.0/24"), next("the subnet ban"));
        assertTrue(second.isBanned("192.168.7.200"));

        start = System.nanoTime();
        assertTrue(first.remove("10.9.8.7"));
        assertEquals(new BanEvent(BanEvent.Action.REMOVE, "10.9.8.7", ""), next("the unban of 10.9.8.7"));
        System.out.printf("shared ban list: an unban on one list reached the other in %.1f ms%n",
                (System.nanoTime() - start) / 1e6);
        assertFalse(second.isBanned("10.9.8.7"));
        assertEquals(first.entries(), second.entries());
        assertTrue(secondEvents.isEmpty(), secondEvents::toString);
    }

    @Test
    void aRowAnotherWriterInsertsInTeranodesSpellingReachesTheList() throws Exception {
        try (Connection c = connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO bans (key, expiration_time, subnet) VALUES (?, ?, ?)")) {
            insert.setString(1, "10.1.1.1:8333"); // as Teranode's alert service stores it
            insert.setTimestamp(2, Timestamp.from(day));
            insert.setString(3, "10.1.1.1/32");
            insert.executeUpdate();
        }
        assertEquals(new BanEvent(BanEvent.Action.ADD, "10.1.1.1", ""), next("the psql insert"));
        assertTrue(second.isBanned("10.1.1.1"));

        try (Connection c = connect(); Statement statement = c.createStatement()) {
            statement.executeUpdate("TRUNCATE bans");
        }
        assertEquals(new BanEvent(BanEvent.Action.REMOVE, "10.1.1.1", ""), next("the truncate"));
        assertFalse(second.isBanned("10.1.1.1"));
    }

    @Test
    void theListenerReconnectsAfterItsConnectionIsKilledAndCatchesUp() throws Exception {
        BlockingQueue<String> log = new LinkedBlockingQueue<>();
        Logger logger = Logger.getLogger(BanChangeListener.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                log.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            // What a database restart does to every client: the server ends the listeners' sessions.
            assertEquals(2, terminateListeners(), "two listeners (one per list) were connected");
            // Written while no listener listens: nobody hears its notification; the reconnection's reload finds it.
            first.add("10.2.2.2", day);

            assertTrue(awaitLog(log, "WARNING ban list listener lost its connection").contains("reconnecting in 1 s"));
            awaitLog(log, "INFO ban list listener reconnected");
            assertEquals(new BanEvent(BanEvent.Action.ADD, "10.2.2.2", ""), next("the ban made during the outage"));
            assertTrue(second.isBanned("10.2.2.2"));

            first.add("10.3.3.3", day); // and it listens again
            assertEquals(new BanEvent(BanEvent.Action.ADD, "10.3.3.3", ""), next("the ban made after it"));
        } finally {
            logger.removeHandler(capture);
        }
    }

    private BanEvent next(String what) throws InterruptedException {
        BanEvent event = secondEvents.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("the second list got no event for " + what + " within " + DEADLINE);
        }
        return event;
    }

    private static String awaitLog(BlockingQueue<String> log, String prefix) {
        return Await.take("a log line starting '" + prefix + "'", DEADLINE, log, line -> line.startsWith(prefix));
    }

    private int terminateListeners() throws SQLException {
        try (Connection c = connect(); PreparedStatement kill = c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?"
                        + " AND datname = current_database() AND pid <> pg_backend_pid()");) {
            kill.setString(1, BanChangeListener.APPLICATION_NAME);
            int killed = 0;
            try (ResultSet rs = kill.executeQuery()) {
                while (rs.next()) {
                    killed += rs.getBoolean(1) ? 1 : 0;
                }
            }
            return killed;
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.username(), settings.password());
    }
}
