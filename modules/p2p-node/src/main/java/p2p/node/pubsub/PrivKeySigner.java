package p2p.node.pubsub;

import java.util.Optional;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PrivKey;

/**
 * Signs own messages with the node's libp2p identity key. The {@code key} field is filled only for key types the
 * peer id does not inline (RSA, ECDSA); Ed25519 and secp256k1 keys are carried by the identity-multihash peer id.
 */
public final class PrivKeySigner implements MessageSigner {
    private final PrivKey key;
    private final PeerId peerId;

    public PrivKeySigner(PrivKey key) {
        this.key = key;
        this.peerId = PeerId.fromPublicKey(key.publicKey());
    }

    @Override
    public byte[] peerId() {
        return peerId.toBytes();
    }

    @Override
    public Optional<byte[]> publicKeyField() {
        return peerId.isInlineKey() ? Optional.empty() : Optional.of(key.publicKey().marshal());
    }

    @Override
    public byte[] sign(byte[] payload) {
        return key.sign(payload);
    }
}
