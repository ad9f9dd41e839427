package p2p.kafka;

/** Placeholder so the exported package exists; replaced by the Kafka bridge. */
public final class KafkaUrl {
    private KafkaUrl() {
    }
}
