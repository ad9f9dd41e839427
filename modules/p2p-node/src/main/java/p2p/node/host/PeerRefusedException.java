package p2p.node.host;

import p2p.node.crypto.PeerId;

/** The connection gater refused a peer by its id once the Noise handshake proved it; the connection was closed. */
public final class PeerRefusedException extends IllegalStateException {
    public PeerRefusedException(PeerId peer) {
        super("peer " + peer + " refused by the connection gater");
    }
}
