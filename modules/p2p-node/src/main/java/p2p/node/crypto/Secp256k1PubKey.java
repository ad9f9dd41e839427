package p2p.node.crypto;

import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 public key: the Bitcoin SEC1 point encoding (33-byte compressed on output; 65-byte uncompressed also
 * accepted on input, as go-libp2p does). Signatures are DER ECDSA over SHA-256.
 */
public final class Secp256k1PubKey implements PubKey {
    static final ECDomainParameters CURVE;

    static {
        X9ECParameters x9 = CustomNamedCurves.getByName("secp256k1");
        CURVE = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
    }

    private final ECPublicKeyParameters params;
    private final byte[] compressed;

    Secp256k1PubKey(ECPoint point) {
        this.params = new ECPublicKeyParameters(point.normalize(), CURVE);
        this.compressed = params.getQ().getEncoded(true);
    }

    /** @throws KeyFormatException when the bytes are not a SEC1 point on secp256k1 */
    public static Secp256k1PubKey fromRaw(byte[] raw) {
        if (raw.length != 33 && raw.length != 65) {
            throw new KeyFormatException("secp256k1 public key must be 33 or 65 bytes, got " + raw.length);
        }
        try {
            ECPoint point = CURVE.getCurve().decodePoint(raw);
            if (point.isInfinity() || !point.isValid()) {
                throw new KeyFormatException("secp256k1 public key is not a valid curve point");
            }
            return new Secp256k1PubKey(point);
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("secp256k1 public key is not a valid curve point", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public byte[] raw() {
        return compressed.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        return DerSignatures.verify(params, data, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secp256k1PubKey other && Arrays.equals(compressed, other.compressed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(compressed);
    }
}
