package p2p.app;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the node's parts in the order of spec section 1 and stops them in reverse.
 *
 * <p>Each stage's start returns the handle that stops it, so a part that failed to start never needs stopping and
 * a half-started node is unwound exactly as far as it got. Stopping goes on after a failure: every started part
 * gets its stop, and the first failure is the one reported (Teranode's Stop collects errors the same way).
 */
final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());

    /** One part's start action; the returned handle stops it. */
    @FunctionalInterface
    interface Stage {
        AutoCloseable start() throws Exception;
    }

    private record Started(String name, AutoCloseable stopper) {
    }

    private final Deque<Started> started = new ArrayDeque<>();
    private boolean closed;

    /**
     * Runs one stage. On failure every stage started so far is stopped and the failure is rethrown wrapped in a
     * {@link StartupException} that names the stage.
     */
    synchronized void start(String name, Stage stage) {
        Objects.requireNonNull(name, "name");
        if (closed) {
            throw new IllegalStateException("node is stopping; cannot start " + name);
        }
        LOG.fine(() -> "starting " + name);
        try {
            started.push(new Started(name, Objects.requireNonNull(stage.start(), name + " returned no stop handle")));
        } catch (Exception | LinkageError e) {
            RuntimeException stopFailure = stopAll();
            StartupException failure = new StartupException(name, e);
            if (stopFailure != null) {
                failure.addSuppressed(stopFailure);
            }
            throw failure;
        }
    }

    /** Names of the started stages, first started first. */
    synchronized java.util.List<String> startedStages() {
        return started.stream().map(Started::name).toList().reversed();
    }

    /** Stops every started stage in reverse order; throws the first failure with the others suppressed. */
    @Override
    public synchronized void close() {
        closed = true;
        RuntimeException failure = stopAll();
        if (failure != null) {
            throw failure;
        }
    }

    private RuntimeException stopAll() {
        RuntimeException first = null;
        while (!started.isEmpty()) {
            Started stage = started.pop();
            try {
                stage.stopper().close();
                LOG.fine(() -> "stopped " + stage.name());
            } catch (Exception | LinkageError e) {
                LOG.log(Level.WARNING, "stopping " + stage.name() + " failed", e);
                RuntimeException wrapped = new IllegalStateException("stopping " + stage.name() + " failed: " + e, e);
                if (first == null) {
                    first = wrapped;
                } else {
                    first.addSuppressed(wrapped);
                }
            }
        }
        return first;
    }
}
