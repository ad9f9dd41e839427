/** Kafka producers and consumers, the in-process bus behind memory:// URLs, and Teranode's Kafka messages. */
module p2p.kafka {
    requires kafka.clients;
    requires com.google.protobuf;
    requires java.logging;

    exports p2p.kafka;
    exports p2p.kafka.message;
}
