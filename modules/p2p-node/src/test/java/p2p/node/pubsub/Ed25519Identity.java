package p2p.node.pubsub;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Test identity: an Ed25519 key (BouncyCastle) and its libp2p peer id, the identity multihash of the
 * protobuf-marshalled public key {@code {Type: Ed25519 (1), Data: 32 bytes}} (libp2p peer-ids spec).
 */
final class Ed25519Identity implements MessageSigner {
    /** {@code 08 01 12 20}: PublicKey.Type = Ed25519, then the 32-byte Data field header. */
    static final byte[] ED25519_KEY_HEADER = {0x08, 0x01, 0x12, 0x20};

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final byte[] peerId;

    Ed25519Identity(byte[] seed) {
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = privateKey.generatePublicKey().getEncoded();
        this.peerId = peerIdOf(publicKey);
    }

    /** A reproducible identity for simulations. */
    static Ed25519Identity fromSeed(long seed) {
        byte[] bytes = new byte[32];
        new Random(seed).nextBytes(bytes);
        return new Ed25519Identity(bytes);
    }

    static byte[] marshalledPublicKey(byte[] rawPublicKey) {
        byte[] out = Arrays.copyOf(ED25519_KEY_HEADER, ED25519_KEY_HEADER.length + rawPublicKey.length);
        System.arraycopy(rawPublicKey, 0, out, ED25519_KEY_HEADER.length, rawPublicKey.length);
        return out;
    }

    /** Identity multihash: code 0x00, length, then the marshalled key. */
    static byte[] peerIdOf(byte[] rawPublicKey) {
        byte[] key = marshalledPublicKey(rawPublicKey);
        byte[] out = new byte[2 + key.length];
        out[0] = 0x00;
        out[1] = (byte) key.length;
        System.arraycopy(key, 0, out, 2, key.length);
        return out;
    }

    byte[] rawPublicKey() {
        return publicKey.clone();
    }

    PubsubPeerId id() {
        return PubsubPeerId.of(peerId);
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    @Override
    public Optional<byte[]> publicKeyField() {
        return Optional.empty();
    }

    @Override
    public byte[] sign(byte[] payload) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(payload, 0, payload.length);
        return signer.generateSignature();
    }

    /** Verifies with the key inlined in the peer id, or with the {@code key} field that must match it. */
    static final class Verifier implements SignatureVerifier {
        @Override
        public Result verify(byte[] from, byte[] key, byte[] payload, byte[] signature) {
            byte[] marshalled;
            if (key != null) {
                if (!Arrays.equals(from, identityMultihash(key))) {
                    return Result.KEY_MISMATCH;
                }
                marshalled = key;
            } else if (from.length >= 2 && from[0] == 0x00 && (from[1] & 0xff) == from.length - 2) {
                marshalled = Arrays.copyOfRange(from, 2, from.length);
            } else {
                return Result.NO_KEY;
            }
            if (marshalled.length != ED25519_KEY_HEADER.length + 32
                    || !Arrays.equals(marshalled, 0, ED25519_KEY_HEADER.length, ED25519_KEY_HEADER, 0,
                            ED25519_KEY_HEADER.length)) {
                return Result.NO_KEY;
            }
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(marshalled, ED25519_KEY_HEADER.length));
            verifier.update(payload, 0, payload.length);
            return verifier.verifySignature(signature) ? Result.VALID : Result.BAD_SIGNATURE;
        }

        private static byte[] identityMultihash(byte[] key) {
            byte[] out = new byte[2 + key.length];
            out[1] = (byte) key.length;
            System.arraycopy(key, 0, out, 2, key.length);
            return out;
        }
    }
}
