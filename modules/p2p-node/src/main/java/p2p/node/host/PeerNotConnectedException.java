package p2p.node.host;

import p2p.node.crypto.PeerId;

/** A stream or ping was asked for a peer with no open connection. */
public final class PeerNotConnectedException extends IllegalStateException {
    public PeerNotConnectedException(PeerId peer) {
        super("not connected to peer " + peer);
    }
}
