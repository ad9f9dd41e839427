package p2p.node.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.testkit.go.GoPeer;
import p2p.testkit.js.JsPeer;

/**
 * The setup every interop test of this package shares (issue 17 change 5), registered with
 * {@code @RegisterExtension}: the other implementation's runtime present or the test skipped, naming what is missing;
 * Java nodes started from a config; and everything a test opened (nodes, peers, executors) closed after it, last
 * first, even when the test failed.
 */
final class InteropFixture implements BeforeEachCallback, AfterEachCallback {
    private final BooleanSupplier available;
    private final String missing;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private InteropFixture(BooleanSupplier available, String missing) {
        this.available = available;
        this.missing = missing;
    }

    /** For tests against the go-libp2p test peer. */
    static InteropFixture go() {
        return new InteropFixture(GoPeer::available, "go is not installed (or -Dskip.go=true)");
    }

    /** For tests against the js-libp2p harness. */
    static InteropFixture js() {
        return new InteropFixture(JsPeer::available,
                "node or the js harness dependencies are missing (or -Dskip.js=true)");
    }

    /** Closes {@code resource} after the test, before what was added earlier. */
    <T extends AutoCloseable> T closeAfter(T resource) {
        resources.add(resource);
        return resource;
    }

    /** A Java node from {@code config}, started (its listen addresses bound) and closed after the test. */
    P2PNode start(NodeConfig config) throws Exception {
        P2PNode node = closeAfter(new P2PNode(config));
        node.start().get(10, TimeUnit.SECONDS);
        return node;
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
