package p2p.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import p2p.testkit.go.GoPeer;
import p2p.testkit.js.JsPeer;

/**
 * The setup the interop tests of every module share (issue 17 change 5), registered with {@code @RegisterExtension}:
 * the other implementation's runtime present or the test skipped, naming what is missing; and everything a test
 * opened (our nodes, Go and js peers, executors) closed after it, last first, even when the test failed. A module
 * adds how its own nodes start by extending it.
 */
public class InteropResources implements BeforeEachCallback, AfterEachCallback {
    /** The other implementation a test runs against, with how to tell it is here and what to say when it is not. */
    public enum Counterpart {
        GO(GoPeer::available, "go is not installed (or -Dskip.go=true): the Go test peer cannot run"),
        JS(JsPeer::available, "node or the js harness dependencies are missing (or -Dskip.js=true)");

        private final BooleanSupplier available;
        private final String missing;

        Counterpart(BooleanSupplier available, String missing) {
            this.available = available;
            this.missing = missing;
        }
    }

    private final Counterpart counterpart;
    private final List<AutoCloseable> resources = new ArrayList<>();

    protected InteropResources(Counterpart counterpart) {
        this.counterpart = counterpart;
    }

    /** For tests against the go-libp2p test peer. */
    public static InteropResources go() {
        return new InteropResources(Counterpart.GO);
    }

    /** For tests against the js-libp2p harness. */
    public static InteropResources js() {
        return new InteropResources(Counterpart.JS);
    }

    /** Closes {@code resource} after the test, before what was added earlier; returns it. */
    public <T extends AutoCloseable> T closeAfter(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(counterpart.available.getAsBoolean(), counterpart.missing);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        resources.clear();
        if (first != null) {
            throw first;
        }
    }
}
