package p2p.node.host;

import java.util.concurrent.CompletionException;

/** The host's one future helper: failures are reported with their cause, not the CompletionException around it. */
final class Futures {
    private Futures() {
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
