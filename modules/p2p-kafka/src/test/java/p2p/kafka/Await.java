package p2p.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition with a deadline (tests never sleep as synchronisation). */
public final class Await {

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
                fail("timed out after " + deadline + " waiting for: " + what.get());
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10); // poll interval only; the deadline above is the synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what.get());
            }
        }
    }
}
