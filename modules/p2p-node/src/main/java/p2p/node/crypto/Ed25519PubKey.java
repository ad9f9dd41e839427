package p2p.node.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 public key: 32 raw bytes (RFC 8032), signatures are plain Ed25519. */
public final class Ed25519PubKey implements PubKey {
    public static final int LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private final byte[] raw;
    private final Ed25519PublicKeyParameters params;

    private Ed25519PubKey(byte[] raw, Ed25519PublicKeyParameters params) {
        this.raw = raw;
        this.params = params;
    }

    /** @throws KeyFormatException when not 32 bytes or not a point on the curve */
    public static Ed25519PubKey fromRaw(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new KeyFormatException("Ed25519 public key must be " + LENGTH + " bytes, got " + raw.length);
        }
        byte[] copy = raw.clone();
        try {
            return new Ed25519PubKey(copy, new Ed25519PublicKeyParameters(copy, 0));
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("Ed25519 public key is not a valid curve point", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, params);
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PubKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }
}
