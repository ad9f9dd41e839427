/** Producers and consumers on kafka-clients behind {@code kafka://} URLs; not exported. */
package p2p.kafka.broker;
