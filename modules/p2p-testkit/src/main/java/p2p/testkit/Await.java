package p2p.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline: tests never sleep as synchronisation, they poll what they wait for. A
 * timeout throws {@link AssertionError}, which every test framework reports as a failure.
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
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline + " waiting for " + what.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what.get(), e);
            }
        }
    }
}
