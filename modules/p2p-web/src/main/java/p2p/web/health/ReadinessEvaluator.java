package p2p.web.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import p2p.web.ReadinessCheck;

/**
 * Runs every {@link ReadinessCheck} in parallel, each on its own virtual thread, and waits for all of them until
 * one shared deadline: a hung dependency reports as down instead of hanging the probe.
 */
public final class ReadinessEvaluator implements AutoCloseable {

    /** The outcome of one check, as reported in {@code /health/ready}. */
    public record Result(String name, boolean ok, String detail) {
    }

    private final List<ReadinessCheck> checks;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public ReadinessEvaluator(List<ReadinessCheck> checks, Duration timeout) {
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
    }

    /** Runs all checks and returns one result per check, in the order the checks were given. */
    public List<Result> evaluate() {
        List<Future<ReadinessCheck.Status>> futures = new ArrayList<>(checks.size());
        for (ReadinessCheck check : checks) {
            futures.add(executor.submit(check::check));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Result> results = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            results.add(await(checks.get(i).name(), futures.get(i), deadline));
        }
        return results;
    }

    private Result await(String name, Future<ReadinessCheck.Status> future, long deadline) {
        try {
            ReadinessCheck.Status status = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (status == null) {
                return new Result(name, false, "check returned no status");
            }
            return new Result(name, status.ok(), status.detail());
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Result(name, false, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Result(name, false, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new Result(name, false, "interrupted");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
