package p2p.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline: tests never sleep as synchronisation, they poll what they wait for. A
 * timeout throws {@link AssertionError}, which every test framework reports as a failure. The one deadline poll of
 * every module's tests (issue 17 change 5): conditions, conditions that may throw, queues read until an element
 * matches, and waits whose expiry is an answer ({@link #holdsWithin}).
 */
public final class Await {
    /** Poll interval only; the deadline is the synchronisation. */
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /**
     * @param what described in the failure
     * @param deadline how long to wait at most
     * @param condition polled until true
     */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        until(() -> what, deadline, condition);
    }

    /**
     * @param what described in the failure, computed on failure
     * @param deadline how long to wait at most
     * @param condition polled until true
     */
    public static void until(Supplier<String> what, Duration deadline, BooleanSupplier condition) {
        if (!holdsWithin(deadline, condition)) {
            throw new AssertionError("timed out after " + deadline + " waiting for " + what.get());
        }
    }

    /**
     * Polls {@code condition} until it is true or {@code deadline} has passed, and says which: for waits whose
     * expiry is an answer rather than a failure (a peer that may or may not close a socket, a soak letting its last
     * messages arrive). Interruption stops the wait with an {@link AssertionError}, the interrupt flag set again.
     */
    public static boolean holdsWithin(Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
        return true;
    }

    /** A condition that may throw, e.g. one that asks a server over gRPC. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * As {@link #until(String, Duration, BooleanSupplier)} for a condition that may throw: an exception fails the
     * wait at once, as an {@link AssertionError} naming {@code what} with the exception as its cause.
     */
    public static void untilChecked(String what, Duration deadline, Condition condition) {
        until(what, deadline, () -> {
            try {
                return condition.holds();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("failed waiting for " + what + ": " + e, e);
            }
        });
    }

    /**
     * Takes elements from {@code queue} until one matches and returns it; the ones passed over are named in the
     * failure.
     */
    public static <T> T take(String what, Duration deadline, BlockingQueue<T> queue, Predicate<? super T> match) {
        long end = System.nanoTime() + deadline.toNanos();
        List<T> passedOver = new ArrayList<>();
        for (long left = deadline.toNanos(); left > 0; left = end - System.nanoTime()) {
            T element;
            try {
                element = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            if (element != null && match.test(element)) {
                return element;
            }
            if (element != null) {
                passedOver.add(element);
            }
        }
        throw new AssertionError("timed out after " + deadline + " waiting for " + what + "; passed over: "
                + passedOver);
    }
}
