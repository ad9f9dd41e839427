/**
 * Operator surface (spec sections 6 and 7): {@code /health}, {@code /health/ready}, {@code /metrics} and the
 * {@code /p2p-ws} WebSocket on one Helidon WebServer (HTTP or HTTPS), and the gRPC {@code p2p_api.PeerService} on
 * grpc-java's Netty server.
 */
module p2p.web {
    // Ban types (BanEvent, BanReason, BanScore) appear in this module's API.
    requires transitive p2p.ban;
    requires io.helidon.common;
    requires io.helidon.common.buffers;
    requires io.helidon.common.configurable;
    requires io.helidon.common.pki;
    requires io.helidon.common.socket;
    requires io.helidon.common.tls;
    requires io.helidon.http;
    requires io.helidon.webserver;
    requires io.helidon.webserver.websocket;
    requires io.helidon.websocket;
    requires io.grpc;
    requires io.grpc.stub;
    requires io.grpc.protobuf;
    requires io.grpc.netty.shaded;
    requires io.grpc.services;
    requires com.google.protobuf;
    requires com.google.common;
    requires java.logging;
    requires java.management;
    requires jdk.management;

    exports p2p.web;
    exports p2p.web.metrics;
    exports p2p.web.notify;
    // The generated PeerService messages and stubs, for clients (the CLI, tests, other services).
    exports p2p.web.pb;

    opens p2p.web.pb to com.google.protobuf;
}
