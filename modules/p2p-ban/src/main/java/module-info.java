/** The SQL-backed ban list (IP and CIDR with expiry) and the score-based peer ban manager. */
module p2p.ban {
    requires io.helidon.dbclient;
    requires io.helidon.dbclient.jdbc;
    requires java.sql;
    requires java.logging;

    exports p2p.ban;
}
