package p2p.ban.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;

/**
 * Connections for Helidon's JDBC client straight from {@link DriverManager}: one per statement or transaction.
 *
 * <p>Helidon's JDBC client ships no pool of its own (its HikariCP module, helidon-dbclient-hikari, is not served at
 * 4.5.0 by the registry these machines reach), and the ban list
 * writes rarely (reads are served from memory), so a fresh connection per write costs little: an in-process call
 * for embedded Derby. Closing the pool shuts an embedded Derby database down, which releases its lock and flushes it.
 */
final class DriverManagerConnectionPool implements CloseableJdbcConnectionPool {

    private static final String DERBY_PREFIX = "jdbc:derby:";
    private static final String DERBY_SHUTDOWN_OK = "08006";

    private final String url;
    private final Properties credentials = new Properties();

    DriverManagerConnectionPool(String url, String username, String password) {
        this.url = url;
        if (username != null && !username.isEmpty()) {
            credentials.setProperty("user", username);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
    }

    @Override
    public Connection connection() {
        try {
            return DriverManager.getConnection(url, credentials);
        } catch (SQLException e) {
            throw new DbClientException("cannot connect to the ban list database " + redact(url) + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String dbType() {
        return url.startsWith(DERBY_PREFIX) ? "derby" : "postgresql";
    }

    @Override
    public void close() {
        if (!url.startsWith(DERBY_PREFIX)) {
            return;
        }
        int attributes = url.indexOf(';');
        String database = attributes < 0 ? url : url.substring(0, attributes);
        try {
            DriverManager.getConnection(database + ";shutdown=true", credentials).close();
        } catch (SQLException e) {
            // Derby reports a successful single-database shutdown as SQLState 08006.
            if (!DERBY_SHUTDOWN_OK.equals(e.getSQLState())) {
                throw new DbClientException("cannot shut down the ban list database " + redact(database) + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** The URL with any {@code password=} value hidden, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
