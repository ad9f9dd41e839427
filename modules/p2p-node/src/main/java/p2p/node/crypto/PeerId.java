package p2p.node.crypto;

/** Placeholder so the exported package exists; replaced by the wire-stack issue. */
public final class PeerId {
    private PeerId() {
    }
}
