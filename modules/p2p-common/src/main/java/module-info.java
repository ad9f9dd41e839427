/**
 * Concepts several modules share, one implementation each: IP address literals (strict parsing, RFC 5952
 * formatting) for p2p.ban, p2p.node and p2p.app, and Go's duration text for p2p.kafka and p2p.app.
 */
module p2p.common {
    exports p2p.common.ip;
    exports p2p.common.time;
}
