package p2p.node.noise;

import p2p.node.crypto.PeerId;
import p2p.node.crypto.PubKey;

/**
 * An authenticated Noise session: who we are and who the remote proved to be (its identity key signed the Noise
 * static key it used).
 */
public record SecureSession(PeerId localPeer, PeerId remotePeer, PubKey remotePublicKey) {
}
