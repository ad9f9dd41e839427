package p2p.kafka;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one producer or consumer (or of several sharing it), read by the application for {@code /metrics}.
 * All counters only grow; every method is safe from any thread.
 *
 * <p>Producer side: {@link #produced} (acknowledged by the broker or appended to the in-process bus),
 * {@link #retried} (re-sent after a failed delivery attempt), {@link #failed} (given up after an error that
 * re-sending cannot cure, such as a record too large), {@link #dropped} (refused because the buffer bound was
 * reached). Consumer side: {@link #consumed} (handled without error), {@link #rejected} (the handler rejected the
 * message or failed on it; the consumer moved past it), {@link #skipped} (retention removed messages a consumer
 * had not reached yet).
 */
public final class KafkaStats {

    private final LongAdder produced = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder consumed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder skipped = new LongAdder();

    /** @return messages delivered */
    public long produced() {
        return produced.sum();
    }

    /** @return re-sends after a failed delivery attempt */
    public long retried() {
        return retried.sum();
    }

    /** @return messages given up after an error that re-sending cannot cure */
    public long failed() {
        return failed.sum();
    }

    /** @return messages refused because the producer's buffer was full */
    public long dropped() {
        return dropped.sum();
    }

    /** @return messages the consumer's handler accepted */
    public long consumed() {
        return consumed.sum();
    }

    /** @return messages the consumer's handler rejected or failed on */
    public long rejected() {
        return rejected.sum();
    }

    /** @return messages a consumer never saw because retention removed them first */
    public long skipped() {
        return skipped.sum();
    }

    /** Counts one delivered message. */
    public void recordProduced() {
        produced.increment();
    }

    /** Counts one re-send. */
    public void recordRetried() {
        retried.increment();
    }

    /** Counts one message given up. */
    public void recordFailed() {
        failed.increment();
    }

    /** Counts one message refused at a full buffer. */
    public void recordDropped() {
        dropped.increment();
    }

    /** Counts one message handled. */
    public void recordConsumed() {
        consumed.increment();
    }

    /** Counts one message rejected by its handler. */
    public void recordRejected() {
        rejected.increment();
    }

    /**
     * Counts messages removed by retention before a consumer reached them.
     *
     * @param count how many
     */
    public void recordSkipped(long count) {
        skipped.add(count);
    }

    @Override
    public String toString() {
        return "KafkaStats[produced=" + produced() + ", retried=" + retried() + ", failed=" + failed()
                + ", dropped=" + dropped() + ", consumed=" + consumed() + ", rejected=" + rejected()
                + ", skipped=" + skipped() + "]";
    }
}
