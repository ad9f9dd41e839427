package p2p.node.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 private key, the node's identity. Its libp2p raw form is 64 bytes: the 32-byte seed followed by the
 * 32-byte public key (Go's {@code ed25519.PrivateKey}); the legacy 96-byte form repeats the public key once more.
 */
public final class Ed25519PrivKey implements PrivKey {
    public static final int SEED_LENGTH = 32;
    public static final int RAW_LENGTH = 64;
    private static final int LEGACY_RAW_LENGTH = 96;

    private final Ed25519PrivateKeyParameters params;
    private final Ed25519PubKey publicKey;

    private Ed25519PrivKey(Ed25519PrivateKeyParameters params) {
        this.params = params;
        this.publicKey = Ed25519PubKey.fromRaw(params.generatePublicKey().getEncoded());
    }

    /** A new random key. */
    public static Ed25519PrivKey generate(SecureRandom random) {
        return new Ed25519PrivKey(new Ed25519PrivateKeyParameters(random));
    }

    /** The key for a 32-byte seed (RFC 8032 private key). */
    public static Ed25519PrivKey fromSeed(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new KeyFormatException("Ed25519 seed must be " + SEED_LENGTH + " bytes, got " + seed.length);
        }
        return new Ed25519PrivKey(new Ed25519PrivateKeyParameters(seed, 0));
    }

    /**
     * Decodes the libp2p raw form: seed||public (64 bytes) or the legacy seed||public||public (96 bytes, both copies
     * must match). Unlike go-libp2p, which keeps whatever public half it is given, the public half must be the one
     * the seed derives: a mismatched half would make every signature of this node fail to verify at its peers.
     *
     * @throws KeyFormatException on a wrong length or a public half that does not belong to the seed
     */
    public static Ed25519PrivKey fromRaw(byte[] raw) {
        if (raw.length == LEGACY_RAW_LENGTH) {
            if (!Arrays.equals(raw, 32, 64, raw, 64, 96)) {
                throw new KeyFormatException("legacy 96-byte Ed25519 private key has two different public keys");
            }
        } else if (raw.length != RAW_LENGTH) {
            throw new KeyFormatException("Ed25519 private key must be " + RAW_LENGTH + " bytes (seed||public), got "
                    + raw.length);
        }
        Ed25519PrivKey key = fromSeed(Arrays.copyOf(raw, SEED_LENGTH));
        if (!Arrays.equals(key.publicKey.raw(), Arrays.copyOfRange(raw, 32, 64))) {
            throw new KeyFormatException("Ed25519 private key: the last 32 bytes are not the public key of the seed");
        }
        return key;
    }

    /** The 32-byte seed. */
    public byte[] seed() {
        return params.getEncoded();
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    /** seed||public, 64 bytes. */
    @Override
    public byte[] raw() {
        byte[] out = new byte[RAW_LENGTH];
        params.encode(out, 0);
        System.arraycopy(publicKey.raw(), 0, out, SEED_LENGTH, Ed25519PubKey.LENGTH);
        return out;
    }

    @Override
    public byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, params);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    @Override
    public Ed25519PubKey publicKey() {
        return publicKey;
    }

    @Override
    public String toString() {
        return "Ed25519PrivKey[public=" + PeerId.fromPublicKey(publicKey) + "]";
    }
}
