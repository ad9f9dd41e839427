/** Operator surface: /health, /metrics, the /p2p-ws WebSocket and the gRPC PeerService, over HTTP or HTTPS. */
module p2p.web {
    requires p2p.ban;
    requires io.helidon.webserver;
    requires io.helidon.webserver.websocket;
    requires io.helidon.webserver.grpc;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.webserver.observe.metrics;
    requires io.helidon.health;
    requires io.helidon.health.checks;
    requires io.helidon.metrics.api;
    requires io.grpc;
    requires io.grpc.stub;
    requires io.grpc.protobuf;
    requires com.google.protobuf;
    requires java.logging;

    exports p2p.web;
}
