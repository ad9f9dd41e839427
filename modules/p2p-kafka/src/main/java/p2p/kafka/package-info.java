/**
 * The P2P service's Kafka bridge (spec/teranode-p2p.md section 4): {@link p2p.kafka.KafkaSettings} and
 * {@link p2p.kafka.KafkaUrl} read the settings, {@link p2p.kafka.KafkaClients} builds
 * {@link p2p.kafka.MessageProducer}s and {@link p2p.kafka.MessageConsumer}s for a Kafka cluster or the in-process
 * bus, {@link p2p.kafka.KafkaStats} counts what they do. The protobuf messages are in {@code p2p.kafka.message}.
 */
package p2p.kafka;
