package p2p.kafka.broker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Exponential backoff: {@code first * 2^(attempt-1)}, capped. */
final class Backoff {

    private Backoff() {
    }

    /**
     * @param first the delay after the first failure
     * @param max the cap
     * @param attempt failures so far, from 1
     * @return the delay before the next try
     */
    static Duration delay(Duration first, Duration max, int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 20);
        Duration d = first.multipliedBy(1L << shift);
        return d.compareTo(max) > 0 ? max : d;
    }

    /**
     * Waits out the delay before the next try, unless the owner stops first.
     *
     * @return true when the caller should give up: {@code stopping} was counted down, or the thread was interrupted
     *         (its flag is set again)
     */
    static boolean stoppedWhilePausing(CountDownLatch stopping, Duration first, Duration max, int attempt) {
        try {
            return stopping.await(delay(first, max, attempt).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
