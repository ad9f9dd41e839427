package p2p.node.multiaddr;

/** Placeholder so the exported package exists; replaced by the wire-stack issue. */
public final class Multiaddr {
    private Multiaddr() {
    }
}
