/** The in-process bus behind {@code memory://} URLs; not exported, reached through {@code p2p.kafka.KafkaClients}. */
package p2p.kafka.memory;
