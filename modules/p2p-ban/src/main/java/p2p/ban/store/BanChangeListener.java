package p2p.ban.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears about every change of a shared PostgreSQL {@code bans} table, whoever made it (another node, Teranode's
 * service, an operator with psql), so that several nodes sharing one database enforce one list (issue 18 item 3).
 *
 * <p>Mechanism: the table's statement trigger ({@link BanStore#NOTIFY_CHANNEL}, created by {@link BanStore}) sends
 * {@code NOTIFY p2p_bans_changed} on every committed INSERT, UPDATE, DELETE or TRUNCATE. This listener holds one
 * dedicated connection with {@code LISTEN p2p_bans_changed} and waits in pgjdbc's
 * {@link PGConnection#getNotifications(int)} (a blocking read with a timeout, not a poll of the table). The payload
 * only says "changed": the owner reloads the table and applies the difference, which also covers several changes
 * folded into one notification and its own writes (a reload that finds nothing new does nothing).
 *
 * <p>Failures: when the connection breaks (a database restart, a dropped backend, a network fault) it logs a warning
 * naming the database, reconnects with a backoff of 1 s doubling to 30 s, logs the reconnection and reloads, since
 * changes made while it was away sent notifications nobody heard. A connection quiet for {@link #PROBE_AFTER} is
 * probed, so a half-open TCP connection is found too. A reload that fails is handled as a broken connection.
 */
public final class BanChangeListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BanChangeListener.class.getName());
    /** The listener's {@code application_name}, as {@code pg_stat_activity} shows it. */
    public static final String APPLICATION_NAME = "p2p-ban-listener";
    private static final int WAIT_MILLIS = 500;
    private static final Duration PROBE_AFTER = Duration.ofSeconds(15);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String url;
    private final Properties properties = new Properties();
    private final String description;
    private final Runnable onChange;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch listening = new CountDownLatch(1);
    private final Thread thread;

    private BanChangeListener(String url, String username, String password, Runnable onChange) {
        this.url = url;
        this.description = DriverManagerConnectionPool.redact(url);
        this.onChange = onChange;
        if (username != null && !username.isEmpty()) {
            properties.setProperty("user", username);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        this.thread = Thread.ofPlatform().daemon().name("ban-list-listener").unstarted(this::run);
    }

    /**
     * Starts listening on a connection of its own and returns once the first {@code LISTEN} is in place (or after a
     * few seconds, when the database is unreachable; the listener keeps trying).
     *
     * @param onChange called on the listener's thread after each notification and after each reconnection; it
     *                 reloads the table and may throw when the database is unreachable
     */
    public static BanChangeListener start(String jdbcUrl, String username, String password, Runnable onChange) {
        BanChangeListener listener = new BanChangeListener(jdbcUrl, username, password, onChange);
        listener.thread.start();
        try {
            if (!listener.listening.await(10, TimeUnit.SECONDS)) {
                LOG.warning(() -> "ban list listener: no LISTEN on " + listener.description
                        + " within 10 s; bans other nodes write reach this node once it connects");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return listener;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        boolean lost = false;
        while (closing.getCount() > 0) {
            try (Connection c = DriverManager.getConnection(url, properties)) {
                try (Statement statement = c.createStatement()) {
                    statement.execute("LISTEN " + BanStore.NOTIFY_CHANNEL);
                }
                listening.countDown();
                if (lost) {
                    LOG.info(() -> "ban list listener reconnected to " + description + "; reloading the bans table");
                }
                // Changes between the owner's load (or the outage) and this LISTEN sent notifications unheard.
                onChange.run();
                backoff = FIRST_BACKOFF;
                lost = false;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (closing.getCount() == 0) {
                    break;
                }
                Duration wait = backoff;
                LOG.log(Level.WARNING, "ban list listener lost its connection to " + description + " ("
                        + e.getMessage() + "); reconnecting in " + wait.toSeconds() + " s", lost ? null : e);
                lost = true;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                try {
                    closing.await(wait.toMillis(), TimeUnit.MILLISECONDS); // the backoff, cut short by close()
                } catch (InterruptedException interrupted) {
                    break;
                }
            }
        }
    }

    /** Waits for notifications until the connection breaks (throws) or the listener is closed. */
    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (closing.getCount() > 0) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                onChange.run(); // one reload for however many arrived together
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > PROBE_AFTER.toNanos()) {
                try (Statement probe = c.createStatement()) {
                    probe.execute("SELECT 1");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /**
     * Stops listening: the thread sees it within one wait ({@value #WAIT_MILLIS} ms) and closes its connection
     * itself (pgjdbc serialises the connection's use, so closing it from here would only wait for that read).
     * Waits up to 5 s for the thread, which is a daemon. Idempotent.
     */
    @Override
    public void close() {
        closing.countDown();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
