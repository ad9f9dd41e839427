package p2p.node.wire;

import java.util.concurrent.CompletionException;

/**
 * The stack's one future helper: a failure is passed on or reported with its cause, not the CompletionException
 * that a dependent stage wraps around it.
 */
public final class Futures {
    private Futures() {
    }

    public static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
