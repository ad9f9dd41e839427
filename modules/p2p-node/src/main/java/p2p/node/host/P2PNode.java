package p2p.node.host;

/** Placeholder so the exported package exists; replaced by the wire-stack issue. */
public final class P2PNode {
    private P2PNode() {
    }
}
