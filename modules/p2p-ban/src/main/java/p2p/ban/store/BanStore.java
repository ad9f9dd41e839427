package p2p.ban.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;

/**
 * The {@code bans} table through Helidon's JDBC DbClient: embedded Derby or PostgreSQL, with the same SQL for both.
 *
 * <p>Schema: {@code "key" VARCHAR(64) PRIMARY KEY} (canonical IP as /32 or /128, or CIDR), {@code expiration_time
 * BIGINT} (epoch milliseconds: one type that both databases store without time-zone conversions), {@code subnet
 * BOOLEAN} (for operators' queries; the key is authoritative when loading). {@code key} is reserved in Derby, hence
 * the quotes; quoted lower case is the same identifier in both databases. Upsert is update-then-insert inside one
 * transaction, because Derby and PostgreSQL share no upsert syntax; the owning ban list serialises its writes.
 *
 * <p>Not thread-safe for concurrent writers of the same key; the ban list calls it under its write lock.
 */
public final class BanStore implements AutoCloseable {

    private static final String CREATE_TABLE = "CREATE TABLE bans (\"key\" VARCHAR(64) NOT NULL PRIMARY KEY,"
            + " expiration_time BIGINT NOT NULL, subnet BOOLEAN NOT NULL)";
    private static final String SELECT_ALL = "SELECT \"key\", expiration_time, subnet FROM bans";
    private static final String UPDATE = "UPDATE bans SET expiration_time = ?, subnet = ? WHERE \"key\" = ?";
    private static final String INSERT = "INSERT INTO bans (\"key\", expiration_time, subnet) VALUES (?, ?, ?)";
    private static final String DELETE = "DELETE FROM bans WHERE \"key\" = ?";
    private static final String DELETE_ALL = "DELETE FROM bans";

    /** SQLStates meaning "the table is already there": Derby X0Y32, PostgreSQL 42P07 (duplicate_table). */
    private static final Set<String> TABLE_EXISTS = Set.of("X0Y32", "42P07");

    private final DbClient client;
    private final String description;

    private BanStore(DbClient client, String description) {
        this.client = client;
        this.description = description;
    }

    /**
     * Connects and creates the {@code bans} table when absent.
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
        if (jdbcUrl.startsWith("jdbc:derby:")) {
            DerbyErrorLog.install();
        }
        DriverManagerConnectionPool pool = new DriverManagerConnectionPool(jdbcUrl, username, password);
        DbClient client = JdbcClientBuilder.create().connectionPool(pool).build();
        BanStore store = new BanStore(client, DriverManagerConnectionPool.redact(jdbcUrl));
        try {
            store.createTableIfAbsent();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Every row, in no particular order. */
    public List<StoredBan> loadAll() {
        try (Stream<DbRow> rows = client.execute().query(SELECT_ALL)) {
            List<StoredBan> out = new ArrayList<>();
            rows.forEach(row -> out.add(new StoredBan(row.column(1).get(String.class), row.column(2).get(Long.class),
                    row.column(3).get(Boolean.class))));
            return out;
        } catch (DbClientException e) {
            throw failure("cannot read the bans table", e);
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
                if (tx.dml(UPDATE, ban.expiresAtMillis(), ban.subnet(), ban.key()) == 0) {
                    tx.dml(INSERT, ban.key(), ban.expiresAtMillis(), ban.subnet());
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

    /** Closes the client, which closes the pool: an embedded Derby database is shut down. */
    @Override
    public void close() {
        client.close();
    }

    private void createTableIfAbsent() {
        try {
            client.execute().dml(CREATE_TABLE);
        } catch (DbClientException e) {
            if (!TABLE_EXISTS.contains(sqlState(e))) {
                throw failure("cannot create the bans table", e);
            }
        }
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

    private static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
