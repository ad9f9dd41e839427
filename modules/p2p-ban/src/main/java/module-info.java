/** The SQL-backed ban list (IP and CIDR with expiry) and the score-based peer ban manager. */
module p2p.ban {
    requires p2p.common;
    requires io.helidon.dbclient;
    requires io.helidon.dbclient.jdbc;
    requires java.sql;
    // Meters are registered through Helidon's metrics API (MeterRegistry appears in the public API).
    requires transitive io.helidon.metrics.api;
    requires java.logging;
    // The default store: embedded Derby's JDBC driver (found through java.sql.Driver); requiring it keeps it in
    // the module graph of every launch.
    requires org.apache.derby.engine;
    // A shared PostgreSQL ban list: pgjdbc's LISTEN/NOTIFY API (PGConnection#getNotifications), BanChangeListener.
    requires org.postgresql.jdbc;

    exports p2p.ban;
    // Derby reads its error-log field (derby.stream.error.field) reflectively.
    exports p2p.ban.store to org.apache.derby.engine;
}
