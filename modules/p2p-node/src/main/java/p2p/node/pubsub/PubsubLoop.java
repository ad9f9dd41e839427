package p2p.node.pubsub;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * The single thread that owns all router state, with its clock and timer. Production uses
 * {@link ExecutorPubsubLoop} (one daemon thread); tests use a simulated loop with a controllable clock.
 */
public interface PubsubLoop extends Executor {
    /** The current time of this loop's clock. */
    Instant now();

    /** Runs {@code task} on the loop every {@code period}, first after one period; close the handle to stop. */
    AutoCloseable schedulePeriodically(Duration period, Runnable task);
}
