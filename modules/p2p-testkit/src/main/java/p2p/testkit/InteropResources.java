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
    private final BooleanSupplier available;
    private final String missing;
    private final List<AutoCloseable> resources = new ArrayList<>();

    protected InteropResources(BooleanSupplier available, String missing) {
        this.available = available;
        this.missing = missing;
    }

    /** For tests against the go-libp2p test peer. */
    public static InteropResources go() {
        return new InteropResources(GoPeer::available, GO_MISSING);
    }

    /** For tests against the js-libp2p harness. */
    public static InteropResources js() {
        return new InteropResources(JsPeer::available, JS_MISSING);
    }

    /** Why a Go interop test is skipped. */
    protected static final String GO_MISSING = "go is not installed (or -Dskip.go=true): the Go test peer cannot run";
    /** Why a js interop test is skipped. */
    protected static final String JS_MISSING = "node or the js harness dependencies are missing (or -Dskip.js=true)";

    /** Closes {@code resource} after the test, before what was added earlier; returns it. */
    public <T extends AutoCloseable> T closeAfter(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(available.getAsBoolean(), missing);
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
