/**
 * Operator surface (spec sections 6, 7, 8 and 12) on one Helidon WebServer: {@code /health}, {@code /health/live},
 * {@code /health/ready}, {@code /metrics} and the {@code /p2p-ws} WebSocket on the HTTP(S) listener, the gRPC
 * {@code p2p_api.PeerService} on a listener of its own, and Teranode's health and profiler listeners when configured.
 */
module p2p.web {
    // Ban types (BanEvent, BanReason, BanScore) appear in this module's API.
    requires transitive p2p.ban;
    requires p2p.common;
    // MeterRegistry appears in this module's API (Meters, OperatorServer.Builder#meters).
    requires transitive io.helidon.metrics.api;
    requires io.helidon.common.buffers;
    requires io.helidon.common.configurable;
    requires io.helidon.common.pki;
    requires io.helidon.common.tls;
    requires io.helidon.health;
    requires io.helidon.http;
    requires io.helidon.webserver;
    requires io.helidon.webserver.grpc;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.webserver.observe.metrics;
    requires io.helidon.webserver.websocket;
    requires io.helidon.websocket;
    requires io.grpc;
    requires io.grpc.stub;
    requires io.grpc.protobuf;
    requires com.google.protobuf;
    // the generated PeerService future stub returns Guava ListenableFutures
    requires com.google.common;
    requires java.logging;

    exports p2p.web;
    exports p2p.web.notify;
    // The generated PeerService messages and stubs, for clients (the CLI, tests, other services).
    exports p2p.web.pb;

    opens p2p.web.pb to com.google.protobuf;
}
