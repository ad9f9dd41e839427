package p2p.kafka.support;

import p2p.kafka.KafkaStats;
import p2p.kafka.MessageHandler;
import p2p.kafka.MessageRejectedException;

import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a consumer's {@link MessageHandler} on one value and turns the outcome into counters and log lines, so both
 * consumer implementations move past a bad message the same way (spec/teranode-p2p.md section 4: nothing blocks the
 * partition).
 */
public final class HandlerInvoker {

    private static final Logger LOG = Logger.getLogger(HandlerInvoker.class.getName());

    private final String topic;
    private final MessageHandler handler;
    private final KafkaStats stats;

    /**
     * @param topic the topic consumed, for log lines
     * @param handler the application's handler
     * @param stats where outcomes are counted
     */
    public HandlerInvoker(String topic, MessageHandler handler, KafkaStats stats) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /**
     * Hands one value to the handler; never throws for the handler's failures.
     *
     * @param value the message bytes
     * @param position where the message sits (partition and offset), for log lines
     */
    public void invoke(byte[] value, String position) {
        try {
            handler.handle(value);
            stats.recordConsumed();
        } catch (MessageRejectedException e) {
            stats.recordRejected();
            LOG.log(Level.WARNING, () -> "Kafka topic " + topic + " " + position + ": message rejected, skipped: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            stats.recordRejected();
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "Kafka topic " + topic + " " + position + ": handler interrupted", e);
        } catch (Exception | AssertionError | LinkageError e) {
            // Bugs in a handler cost the message, never the partition. VirtualMachineErrors still end the consumer.
            stats.recordRejected();
            LOG.log(Level.WARNING, "Kafka topic " + topic + " " + position + ": handler failed, message skipped", e);
        }
    }
}
