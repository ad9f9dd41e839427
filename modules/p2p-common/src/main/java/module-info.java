/**
 * Concepts several modules share, one implementation each: IP address literals (strict parsing, RFC 5952
 * formatting) for p2p.ban, p2p.node and p2p.app; Go's duration text for p2p.kafka and p2p.app; JSON written as Go's
 * encoding/json writes it, and small JSON trees read, for p2p.node, p2p.server and p2p.web; the root of the errors a
 * peer's malformed bytes raise ({@code p2p.common.wire.ProtocolException}), which p2p.node's exported exceptions extend.
 */
module p2p.common {
    exports p2p.common.config;
    exports p2p.common.ip;
    exports p2p.common.json;
    exports p2p.common.time;
    exports p2p.common.wire;
}
