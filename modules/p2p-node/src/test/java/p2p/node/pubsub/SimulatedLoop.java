package p2p.node.pubsub;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A deterministic {@link PubsubLoop} for simulations: one task queue shared by every simulated router, run on the
 * test thread, and a virtual clock that only moves when the test advances it (firing heartbeats as it passes).
 */
final class SimulatedLoop implements PubsubLoop {
    private static final class Periodic {
        final Duration period;
        final Runnable task;
        Instant due;
        boolean cancelled;

        Periodic(Duration period, Runnable task, Instant due) {
            this.period = period;
            this.task = task;
            this.due = due;
        }
    }

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final List<Periodic> timers = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long tasksRun;

    @Override
    public void execute(Runnable command) {
        queue.addLast(command);
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public AutoCloseable schedulePeriodically(Duration period, Runnable task) {
        Periodic timer = new Periodic(period, task, now.plus(period));
        timers.add(timer);
        return () -> timer.cancelled = true;
    }

    /** Runs queued tasks (and the tasks they queue) until none is left; fails on a runaway feedback loop. */
    void runUntilIdle() {
        long budget = 50_000_000;
        while (!queue.isEmpty()) {
            if (--budget == 0) {
                throw new IllegalStateException("simulation did not become idle");
            }
            queue.pollFirst().run();
            tasksRun++;
        }
    }

    /** Moves the clock forward by {@code duration}, firing due timers in time order and draining after each. */
    void advance(Duration duration) {
        Instant end = now.plus(duration);
        runUntilIdle();
        while (true) {
            timers.removeIf(t -> t.cancelled);
            Periodic next = timers.stream().min(Comparator.comparing(t -> t.due)).orElse(null);
            if (next == null || next.due.isAfter(end)) {
                break;
            }
            now = next.due;
            next.due = next.due.plus(next.period);
            next.task.run();
            runUntilIdle();
        }
        now = end;
    }

    long tasksRun() {
        return tasksRun;
    }
}
