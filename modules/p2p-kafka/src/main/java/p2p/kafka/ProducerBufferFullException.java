package p2p.kafka;

/** A value refused because its producer already holds its bound of undelivered values. */
public final class ProducerBufferFullException extends RuntimeException {

    /**
     * @param topic the producer's topic
     * @param limit the buffer bound
     */
    public ProducerBufferFullException(String topic, int limit) {
        super("Kafka producer for topic " + topic + " holds " + limit
                + " undelivered messages (" + KafkaSettings.PRODUCER_BUFFER_LIMIT_KEY + "); message dropped");
    }
}
