package p2p.node.pubsub;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PubsubLoop} on one dedicated daemon thread with the system clock. After {@link #close()}, submitted
 * work is discarded: transports keep reporting stream closures while a node shuts down, and nothing is left to
 * update.
 */
public final class ExecutorPubsubLoop implements PubsubLoop, AutoCloseable {
    private final ScheduledExecutorService executor;
    private final InstantSource clock = InstantSource.system();

    /** Starts the loop thread, named {@code threadName}. */
    public ExecutorPubsubLoop(String threadName) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    @Override
    public void execute(Runnable command) {
        try {
            executor.execute(command);
        } catch (RejectedExecutionException closed) {
            if (!executor.isShutdown()) {
                throw closed;
            }
        }
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public AutoCloseable schedulePeriodically(Duration period, Runnable task) {
        long nanos = period.toNanos();
        ScheduledFuture<?> future = executor.scheduleAtFixedRate(task, nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** Stops the thread; queued work is discarded. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
