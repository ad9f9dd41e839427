package p2p.testkit.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The contract every decoder property checks (issue 18, item 4): fed hostile bytes, a decoder returns a value or
 * throws one of its own documented exception types; it never throws anything else (no NullPointerException,
 * ClassCastException, IndexOutOfBounds, NumberFormatException, OutOfMemoryError, StackOverflowError), never hangs
 * and never allocates more than its stated cap.
 *
 * <p>Each call runs on a worker thread so that a hang is detected: the caller waits at most {@link #HANG_BOUND}
 * (a generous bound, orders of magnitude over any decode; this is a hang detector, not a speed assertion) and then
 * fails the property, interrupting the worker. Allocation is the worker thread's own allocated-bytes counter
 * ({@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}) around the call; a call over its cap is
 * measured once more before failing, so that one-off class loading on the first call is not blamed on the decoder.
 *
 * <p>Input generators: {@link #mutated} starts from valid encodings (made by our own encoders) and applies
 * {@link Mutation}s; {@link #hostile} mixes those with plain random bytes.
 */
public final class Hostile {

    /** How long one decode may take before it counts as a hang. */
    public static final Duration HANG_BOUND = Duration.ofSeconds(20);
    /** Added to every allocation cap: the exception, its message and stack trace, small bookkeeping. */
    public static final long SLACK_BYTES = 256 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static ExecutorService worker = newWorker();

    private Hostile() {
    }

    /**
     * A decoder's result: the value, or the decoder's own exception.
     *
     * @param value the value, null when {@code error} is set
     * @param error the documented exception, null when it returned normally
     * @param allocatedBytes what the call allocated
     * @param <T> the value type
     */
    public record Outcome<T>(T value, Throwable error, long allocatedBytes) {
        /** @return whether the decoder accepted the input */
        public boolean accepted() {
            return error == null;
        }
    }

    /**
     * Runs {@code call} under the contract.
     *
     * @param what names the decoder in failure messages
     * @param capBytes the decoder's stated allocation cap for this input ({@link #SLACK_BYTES} is added)
     * @param allowed the decoder's own exception types; any other throwable fails the property
     * @param call the decode
     * @param <T> the value type
     * @return the outcome
     * @throws AssertionError when the contract is broken
     */
    public static <T> Outcome<T> decode(String what, long capBytes, List<Class<? extends Throwable>> allowed,
            Callable<T> call) {
        Outcome<T> outcome = runOnce(what, call);
        if (outcome.error() != null && allowed.stream().noneMatch(t -> t.isInstance(outcome.error()))) {
            throw new AssertionError(what + " threw " + outcome.error() + ", which is not one of its documented "
                    + "types " + allowed, outcome.error());
        }
        if (outcome.allocatedBytes() > capBytes + SLACK_BYTES) {
            Outcome<T> again = runOnce(what, call);
            if (again.allocatedBytes() > capBytes + SLACK_BYTES) {
                throw new AssertionError(what + " allocated " + again.allocatedBytes() + " bytes, over its cap of "
                        + capBytes + " + " + SLACK_BYTES + " slack");
            }
        }
        return outcome;
    }

    /**
     * @param valid valid encodings made by our encoders
     * @return those encodings with 1 to 6 {@link Mutation}s applied
     */
    public static Arbitrary<byte[]> mutated(Arbitrary<byte[]> valid) {
        return Combinators.combine(valid, Mutation.lists()).as(Mutation::apply);
    }

    /**
     * @param valid valid encodings made by our encoders
     * @param maxRandomBytes the largest plain random input
     * @return a mix: mostly mutated valid encodings, some untouched ones, some plain random bytes
     */
    public static Arbitrary<byte[]> hostile(Arbitrary<byte[]> valid, int maxRandomBytes) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, mutated(valid)),
                net.jqwik.api.Tuple.of(1, valid),
                net.jqwik.api.Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(maxRandomBytes)));
    }

    /**
     * @param valid valid texts made by our encoders
     * @param maxRandomChars the largest plain random text
     * @return a mix of mutated valid texts, valid ones and random strings
     */
    public static Arbitrary<String> hostileText(Arbitrary<String> valid, int maxRandomChars) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Combinators.combine(valid, Mutation.lists()).as(Mutation::apply)),
                net.jqwik.api.Tuple.of(1, valid),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(maxRandomChars)));
    }

    private static <T> Outcome<T> runOnce(String what, Callable<T> call) {
        Future<Outcome<T>> future;
        synchronized (Hostile.class) {
            future = worker.submit(() -> {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                try {
                    T value = call.call();
                    return new Outcome<>(value, null, THREADS.getCurrentThreadAllocatedBytes() - before);
                } catch (Throwable t) { // every throwable, Errors included: the caller decides what is allowed
                    return new Outcome<>(null, t, THREADS.getCurrentThreadAllocatedBytes() - before);
                }
            });
        }
        try {
            return future.get(HANG_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            synchronized (Hostile.class) {
                worker.shutdownNow(); // the hung thread is abandoned (daemon); later calls get a fresh one
                worker = newWorker();
            }
            throw new AssertionError(what + " did not return within " + HANG_BOUND + ": a hang");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " harness failure", e.getCause());
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hostile-input-worker");
            t.setDaemon(true);
            return t;
        });
    }
}
