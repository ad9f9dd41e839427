package p2p.kafka;

/**
 * Handles one consumed value. Throwing {@link MessageRejectedException} says the value is unusable (malformed,
 * unwanted); any other exception says handling failed. Either way the consumer logs it, counts it as rejected and
 * moves on to the next message.
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * @param value the message bytes
     * @throws Exception when the value is rejected or handling fails
     */
    void handle(byte[] value) throws Exception;
}
