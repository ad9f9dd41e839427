package p2p.node.pubsub;

import java.util.Optional;
import java.util.Random;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;

/** Test identity: a reproducible p2p.node.crypto Ed25519 key, signing through {@link PrivKeySigner}. */
final class Ed25519Identity implements MessageSigner {
    /** {@code 08 01 12 20}: PublicKey.Type = Ed25519, then the 32-byte Data field header. */
    static final byte[] ED25519_KEY_HEADER = {0x08, 0x01, 0x12, 0x20};

    private final Ed25519PrivKey key;
    private final PrivKeySigner signer;

    Ed25519Identity(byte[] seed) {
        this.key = Ed25519PrivKey.fromSeed(seed);
        this.signer = new PrivKeySigner(key);
    }

    /** A reproducible identity for simulations. */
    static Ed25519Identity fromSeed(long seed) {
        byte[] bytes = new byte[32];
        new Random(seed).nextBytes(bytes);
        return new Ed25519Identity(bytes);
    }

    /** The {@code PublicKey} protobuf of a raw Ed25519 key, assembled by hand. */
    static byte[] marshalledPublicKey(byte[] rawPublicKey) {
        byte[] out = new byte[ED25519_KEY_HEADER.length + rawPublicKey.length];
        System.arraycopy(ED25519_KEY_HEADER, 0, out, 0, ED25519_KEY_HEADER.length);
        System.arraycopy(rawPublicKey, 0, out, ED25519_KEY_HEADER.length, rawPublicKey.length);
        return out;
    }

    Ed25519PrivKey key() {
        return key;
    }

    byte[] rawPublicKey() {
        return key.publicKey().raw();
    }

    PeerId id() {
        return PeerId.fromBytes(signer.peerId());
    }

    @Override
    public byte[] peerId() {
        return signer.peerId();
    }

    @Override
    public Optional<byte[]> publicKeyField() {
        return signer.publicKeyField();
    }

    @Override
    public byte[] sign(byte[] payload) {
        return signer.sign(payload);
    }
}
