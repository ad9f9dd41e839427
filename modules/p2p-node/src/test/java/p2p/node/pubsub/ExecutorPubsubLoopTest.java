package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The production loop: one thread, tasks in order, periodic timers, and silence after close. */
class ExecutorPubsubLoopTest {
    @Test
    void runsTasksInOrderOnOneNamedThread() throws Exception {
        try (ExecutorPubsubLoop loop = new ExecutorPubsubLoop("pubsub-test")) {
            List<String> seen = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop.execute(() -> {
                    seen.add(n + "@" + Thread.currentThread().getName());
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 100; i++) {
                assertEquals(i + "@pubsub-test", seen.get(i));
            }
        }
    }

    @Test
    void periodicTaskRepeatsUntilCancelled() throws Exception {
        try (ExecutorPubsubLoop loop = new ExecutorPubsubLoop("pubsub-timer")) {
            CountDownLatch ticks = new CountDownLatch(3);
            AutoCloseable timer = loop.schedulePeriodically(Duration.ofMillis(5), ticks::countDown);
            assertTrue(ticks.await(10, TimeUnit.SECONDS));
            timer.close();
        }
    }

    @Test
    void workSubmittedAfterCloseIsDiscarded() {
        ExecutorPubsubLoop loop = new ExecutorPubsubLoop("pubsub-closed");
        loop.close();
        loop.execute(() -> {
            throw new AssertionError("ran after close");
        });
    }
}
