/** Pieces shared by the in-process and the kafka-clients implementations; not exported. */
package p2p.kafka.support;
