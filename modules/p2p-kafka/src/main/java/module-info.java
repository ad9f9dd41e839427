/** Kafka producers and consumers, the in-process bus behind memory:// URLs, and Teranode's Kafka messages. */
module p2p.kafka {
    requires kafka.clients;
    requires transitive p2p.common;
    requires transitive com.google.protobuf; // the exported messages and ProtobufHandler expose its types
    requires java.logging;
    // Meters are registered through Helidon's metrics API (MeterRegistry appears in the public API).
    requires transitive io.helidon.metrics.api;

    exports p2p.kafka;
    exports p2p.kafka.message;
}
