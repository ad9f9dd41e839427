/** Kafka producers and consumers, the in-process bus behind memory:// URLs, and Teranode's Kafka messages. */
module p2p.kafka {
    requires kafka.clients;
    requires transitive com.google.protobuf; // the exported messages and ProtobufHandler expose its types
    requires java.logging;

    exports p2p.kafka;
    exports p2p.kafka.message;
}
