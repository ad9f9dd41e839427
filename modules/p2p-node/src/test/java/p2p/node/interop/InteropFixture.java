package p2p.node.interop;

import java.util.concurrent.TimeUnit;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.testkit.InteropResources;

/** p2p-testkit's interop setup plus the start of a Java node from a config, closed after the test. */
final class InteropFixture extends InteropResources {
    private InteropFixture(Counterpart counterpart) {
        super(counterpart);
    }

    /** For tests against the go-libp2p test peer. */
    public static InteropFixture go() {
        return new InteropFixture(Counterpart.GO);
    }

    /** For tests against the js-libp2p harness. */
    public static InteropFixture js() {
        return new InteropFixture(Counterpart.JS);
    }

    /** A Java node from {@code config}, started (its listen addresses bound) and closed after the test. */
    P2PNode start(NodeConfig config) throws Exception {
        P2PNode node = closeAfter(new P2PNode(config));
        node.start().get(10, TimeUnit.SECONDS);
        return node;
    }
}
