package p2p.ban.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;

/**
 * The {@code bans} table through Helidon's JDBC DbClient, in Teranode's column layout (spec section 5.1), so this
 * node and Teranode's Go service can use the same PostgreSQL database and its bans.
 *
 * <p>Schema: {@code key} (the ban key, primary key), {@code expiration_time} (when the ban ends) and {@code subnet}
 * (CIDR text of the banned network, {@code 10.0.0.1/32} for one address). On PostgreSQL the table is created with
 * Teranode's own DDL ({@code key TEXT PRIMARY KEY, expiration_time TIMESTAMP WITH TIME ZONE, subnet TEXT}); on
 * Derby, which has neither TEXT nor time-zone timestamps, as {@code VARCHAR} and a {@code TIMESTAMP} holding UTC.
 * {@code key} is reserved in Derby, hence the quotes; quoted lower case is the same identifier in both databases.
 *
 * <p>Migration: releases before this one kept {@code expiration_time} as epoch milliseconds (BIGINT) and
 * {@code subnet} as a flag (BOOLEAN). Such a table is converted on open, in one transaction (rename, create, copy,
 * drop), so a crash leaves either the old table or the new one.
 *
 * <p>Upsert is update-then-insert inside one transaction, because Derby and PostgreSQL share no upsert syntax; the
 * owning ban list serialises its writes. Not thread-safe for concurrent writers of the same key.
 */
public final class BanStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BanStore.class.getName());

    private static final String SELECT_ALL = "SELECT \"key\", expiration_time, subnet FROM bans";
    private static final String PROBE = "SELECT expiration_time FROM bans WHERE 1 = 0";
    private static final String UPDATE = "UPDATE bans SET expiration_time = ?, subnet = ? WHERE \"key\" = ?";
    private static final String INSERT = "INSERT INTO bans (\"key\", expiration_time, subnet) VALUES (?, ?, ?)";
    private static final String DELETE = "DELETE FROM bans WHERE \"key\" = ?";
    private static final String DELETE_ALL = "DELETE FROM bans";

    /** The channel the PostgreSQL trigger notifies on every change of the table ({@link BanChangeListener}). */
    public static final String NOTIFY_CHANNEL = "p2p_bans_changed";
    /**
     * Held (pg_advisory_lock) while preparing the table and trigger on PostgreSQL, so that nodes starting together
     * do not race on the DDL (CREATE OR REPLACE FUNCTION from two sessions at once can fail with "tuple concurrently updated").
     */
    private static final long PREPARE_LOCK = 0x7032705f62616e73L; // "p2p_bans"
    private static final String NOTIFY_FUNCTION = "CREATE OR REPLACE FUNCTION p2p_bans_notify() RETURNS trigger"
            + " LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('" + NOTIFY_CHANNEL + "', 'changed'); RETURN NULL; END $$";
    private static final String NOTIFY_TRIGGER_EXISTS = "SELECT 1 FROM pg_trigger WHERE tgname = '" + NOTIFY_CHANNEL
            + "' AND tgrelid = 'bans'::regclass";
    private static final String NOTIFY_TRIGGER = "CREATE TRIGGER " + NOTIFY_CHANNEL
            + " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bans FOR EACH STATEMENT EXECUTE FUNCTION p2p_bans_notify()";
    /** SQLState 42501: insufficient_privilege. */
    private static final String NO_PRIVILEGE = "42501";

    /** SQLStates meaning "no such table": Derby 42X05, PostgreSQL 42P01 (undefined_table). */
    private static final Set<String> NO_TABLE = Set.of("42X05", "42P01");

    /** The SQL that differs between the two databases. */
    enum Dialect {
        DERBY("CREATE TABLE bans (\"key\" VARCHAR(128) NOT NULL PRIMARY KEY, expiration_time TIMESTAMP,"
                + " subnet VARCHAR(64))", "RENAME TABLE bans TO bans_before_teranode_layout"),
        POSTGRESQL("CREATE TABLE IF NOT EXISTS bans (key TEXT PRIMARY KEY, expiration_time TIMESTAMP WITH TIME ZONE,"
                + " subnet TEXT)", "ALTER TABLE bans RENAME TO bans_before_teranode_layout");

        final String createTable;
        final String renameOld;

        Dialect(String createTable, String renameOld) {
            this.createTable = createTable;
            this.renameOld = renameOld;
        }

        /** The parameter for {@code expiration_time}: Derby keeps the UTC wall clock, PostgreSQL the instant. */
        Object timestamp(Instant instant) {
            return this == DERBY ? Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC))
                    : Timestamp.from(instant);
        }

        /** Reads {@code expiration_time} back, whatever object the driver hands out for it. */
        Instant instant(Object value) {
            return switch (value) {
                case null -> null;
                case Timestamp ts -> this == DERBY ? ts.toLocalDateTime().toInstant(ZoneOffset.UTC) : ts.toInstant();
                case OffsetDateTime odt -> odt.toInstant();
                case LocalDateTime ldt -> ldt.toInstant(ZoneOffset.UTC);
                case java.util.Date date -> date.toInstant();
                // Teranode writes RFC 3339 text; a driver may hand such text back as a string.
                case String text -> OffsetDateTime.parse(text.strip()).toInstant();
                default -> throw new IllegalArgumentException("unexpected expiration_time value of type "
                        + value.getClass().getName());
            };
        }
    }

    private final DriverManagerConnectionPool pool;
    private final DbClient client;
    private final Dialect dialect;
    private final String description;

    private BanStore(DriverManagerConnectionPool pool, DbClient client, Dialect dialect, String description) {
        this.pool = pool;
        this.client = client;
        this.dialect = dialect;
        this.description = description;
    }

    /**
     * Connects, creates the {@code bans} table when absent and converts a table of the earlier layout.
     *
     * @param jdbcUrl  {@code jdbc:derby:<dir>;create=true} or a {@code jdbc:postgresql:} URL
     * @throws IllegalArgumentException naming the URL when it is neither kind
     * @throws DbClientException naming the URL when the database cannot be reached or prepared
     */
    public static BanStore open(String jdbcUrl, String username, String password) {
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:derby:") || jdbcUrl.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("unsupported ban list database URL '"
                    + (jdbcUrl == null ? null : DriverManagerConnectionPool.redact(jdbcUrl))
                    + "': expected jdbc:derby:<directory>;create=true or jdbc:postgresql://host/database");
        }
        Dialect dialect = jdbcUrl.startsWith("jdbc:derby:") ? Dialect.DERBY : Dialect.POSTGRESQL;
        if (dialect == Dialect.DERBY) {
            DerbyErrorLog.install();
        }
        DriverManagerConnectionPool pool = new DriverManagerConnectionPool(jdbcUrl, username, password);
        DbClient client = JdbcClientBuilder.create().connectionPool(pool).build();
        BanStore store = new BanStore(pool, client, dialect, DriverManagerConnectionPool.redact(jdbcUrl));
        try {
            store.prepareTable();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Every row, in no particular order; a row whose expiration_time cannot be read has a null expiry. */
    public List<StoredBan> loadAll() {
        // Plain JDBC: Teranode's columns allow NULL, which Helidon's row mapping refuses.
        try (Connection connection = pool.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(SELECT_ALL)) {
            List<StoredBan> out = new ArrayList<>();
            while (rs.next()) {
                String key = rs.getString(1);
                Instant expiry;
                try {
                    expiry = dialect.instant(rs.getObject(2));
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    LOG.warning(() -> "bans table row '" + key + "': expiration_time is unreadable ("
                            + e.getMessage() + ")");
                    expiry = null;
                }
                out.add(new StoredBan(key, expiry, rs.getString(3)));
            }
            return out;
        } catch (SQLException | DbClientException e) {
            throw new DbClientException("cannot read the bans table in " + description + ": " + e.getMessage(), e);
        }
    }

    /** Deletes {@code deleteKeys} and upserts {@code upserts} in one transaction: all or nothing. */
    public void write(Collection<String> deleteKeys, Collection<StoredBan> upserts) {
        DbTransaction tx = client.transaction();
        try {
            for (String key : deleteKeys) {
                tx.dml(DELETE, key);
            }
            for (StoredBan ban : upserts) {
                Object expiry = dialect.timestamp(ban.expiresAt());
                if (tx.dml(UPDATE, expiry, ban.subnet(), ban.key()) == 0) {
                    tx.dml(INSERT, ban.key(), expiry, ban.subnet());
                }
            }
            tx.commit();
        } catch (RuntimeException e) {
            rollbackQuietly(tx, e);
            throw failure("cannot write the bans table", e);
        }
    }

    /** Deletes every row. */
    public void deleteAll() {
        try {
            client.execute().dml(DELETE_ALL);
        } catch (DbClientException e) {
            throw failure("cannot clear the bans table", e);
        }
    }

    /** True for a PostgreSQL database, whose changes by other writers {@link BanChangeListener} hears. */
    public boolean sharedDatabase() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** The database, password hidden, for messages. */
    public String description() {
        return description;
    }

    /** Closes the client, which closes the pool: an embedded Derby database is shut down. */
    @Override
    public void close() {
        client.close();
    }

    /** Creates the table, or converts one of the earlier layout; a table in Teranode's layout is used as it is. */
    private void prepareTable() {
        try (Connection connection = pool.connection()) {
            if (dialect == Dialect.POSTGRESQL) {
                // A session lock: the steps below commit and roll back on their own; closing the connection frees it.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_lock(" + PREPARE_LOCK + ")");
                }
                prepareTable(connection);
                prepareNotifyTrigger(connection);
            } else {
                prepareTable(connection);
            }
        } catch (SQLException e) {
            throw new DbClientException("cannot prepare the bans table in " + description + ": " + e.getMessage(), e);
        }
    }

    private void prepareTable(Connection connection) throws SQLException {
        Integer expiryType = expiryColumnType(connection);
        if (expiryType == null) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(dialect.createTable);
            }
        } else if (expiryType == Types.BIGINT) {
            migrateEarlierLayout(connection);
        }
    }

    /**
     * Creates the statement trigger that notifies {@link #NOTIFY_CHANNEL} on every change, unless it is there. A
     * database user that may not create it (the table belongs to another role) gets a warning, not a failed start:
     * the node works alone, and the table's owner can create the trigger (README, "Shared ban list").
     */
    private void prepareNotifyTrigger(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(NOTIFY_TRIGGER_EXISTS)) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute(NOTIFY_FUNCTION);
            statement.execute(NOTIFY_TRIGGER);
            LOG.info(() -> "bans table in " + description + ": trigger " + NOTIFY_CHANNEL + " created (every change"
                    + " notifies the nodes sharing this database)");
        } catch (SQLException e) {
            if (!NO_PRIVILEGE.equals(e.getSQLState())) {
                throw e;
            }
            LOG.warning(() -> "bans table in " + description + ": cannot create trigger " + NOTIFY_CHANNEL + " ("
                    + e.getMessage() + "); bans written by other nodes reach this node only when it restarts, and"
                    + " its own reach no other node: have the table's owner create the trigger (README, Shared ban list)");
        }
    }

    /** The JDBC type of {@code expiration_time}, or null when there is no {@code bans} table. */
    private static Integer expiryColumnType(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(PROBE)) {
            return rs.getMetaData().getColumnType(1);
        } catch (SQLException e) {
            if (NO_TABLE.contains(e.getSQLState())) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                return null;
            }
            throw e;
        }
    }

    /**
     * Converts the earlier layout ({@code "key"} canonical CIDR such as {@code 10.0.0.1/32}, {@code expiration_time}
     * epoch milliseconds, {@code subnet} a flag) to Teranode's, in one transaction.
     */
    private void migrateEarlierLayout(Connection connection) throws SQLException {
        List<StoredBan> converted = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT \"key\", expiration_time FROM bans")) {
                while (rs.next()) {
                    String cidr = rs.getString(1);
                    converted.add(new StoredBan(earlierKey(cidr), Instant.ofEpochMilli(rs.getLong(2)), cidr));
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(dialect.renameOld);
                statement.executeUpdate(dialect.createTable);
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (StoredBan ban : converted) {
                    insert.setString(1, ban.key());
                    insert.setObject(2, dialect.timestamp(ban.expiresAt()));
                    insert.setString(3, ban.subnet());
                    insert.executeUpdate();
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DROP TABLE bans_before_teranode_layout");
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        LOG.info(() -> "bans table in " + description + " converted to Teranode's column layout ("
                + converted.size() + " row(s))");
    }

    /** The earlier layout keyed single addresses as {@code /32} or {@code /128}; Teranode keys them bare. */
    private static String earlierKey(String cidr) {
        if (cidr.endsWith("/32") && !cidr.contains(":")) {
            return cidr.substring(0, cidr.length() - 3);
        }
        if (cidr.endsWith("/128") && cidr.contains(":")) {
            return cidr.substring(0, cidr.length() - 4);
        }
        return cidr;
    }

    private DbClientException failure(String what, RuntimeException cause) {
        return new DbClientException(what + " in " + description + ": " + cause.getMessage(), cause);
    }

    private static void rollbackQuietly(DbTransaction tx, RuntimeException cause) {
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
