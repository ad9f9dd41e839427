package p2p.node.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.util.BigIntegers;

/** A secp256k1 private key: the 32-byte big-endian scalar. Signs DER ECDSA over SHA-256 with low s. */
public final class Secp256k1PrivKey implements PrivKey {
    private final ECPrivateKeyParameters params;
    private final Secp256k1PubKey publicKey;

    private Secp256k1PrivKey(BigInteger d) {
        this.params = new ECPrivateKeyParameters(d, Secp256k1PubKey.CURVE);
        this.publicKey = new Secp256k1PubKey(Secp256k1PubKey.CURVE.getG().multiply(d));
    }

    /** @throws KeyFormatException when not 32 bytes or not in [1, n-1] */
    public static Secp256k1PrivKey fromRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new KeyFormatException("secp256k1 private key must be 32 bytes, got " + raw.length);
        }
        BigInteger d = new BigInteger(1, raw);
        if (d.signum() == 0 || d.compareTo(Secp256k1PubKey.CURVE.getN()) >= 0) {
            throw new KeyFormatException("secp256k1 private key is out of range");
        }
        return new Secp256k1PrivKey(d);
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public byte[] raw() {
        return BigIntegers.asUnsignedByteArray(32, params.getD());
    }

    @Override
    public byte[] sign(byte[] data) {
        return DerSignatures.sign(params, data, true);
    }

    @Override
    public Secp256k1PubKey publicKey() {
        return publicKey;
    }
}
