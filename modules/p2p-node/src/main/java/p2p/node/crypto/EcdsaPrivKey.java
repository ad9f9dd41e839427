package p2p.node.crypto;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * An ECDSA private key on a NIST curve, in the SEC1 / RFC 5915 DER form go-libp2p writes
 * ({@code x509.MarshalECPrivateKey}). Signs DER ECDSA over SHA-256.
 */
public final class EcdsaPrivKey implements PrivKey {
    private final byte[] der;
    private final ECPrivateKeyParameters params;
    private final EcdsaPubKey publicKey;

    private EcdsaPrivKey(byte[] der, ECPrivateKeyParameters params, EcdsaPubKey publicKey) {
        this.der = der;
        this.params = params;
        this.publicKey = publicKey;
    }

    /** @throws KeyFormatException when not SEC1 DER on P-256, P-384 or P-521 */
    public static EcdsaPrivKey fromRaw(byte[] der) {
        try {
            ECPrivateKey sec1 = ECPrivateKey.getInstance(der);
            if (!(sec1.getParametersObject() instanceof ASN1ObjectIdentifier curve)
                    || !EcdsaPubKey.CURVES.contains(curve)) {
                throw new KeyFormatException("ECDSA private key is not on P-256, P-384 or P-521");
            }
            X9ECParameters x9 = ECNamedCurveTable.getByOID(curve);
            ECNamedDomainParameters domain = new ECNamedDomainParameters(curve, x9);
            ECPrivateKeyParameters priv = new ECPrivateKeyParameters(sec1.getKey(), domain);
            if (sec1.getKey().signum() <= 0 || sec1.getKey().compareTo(domain.getN()) >= 0) {
                throw new KeyFormatException("ECDSA private key is out of range");
            }
            EcdsaPubKey pub = new EcdsaPubKey(
                    new ECPublicKeyParameters(domain.getG().multiply(sec1.getKey()).normalize(), domain));
            return new EcdsaPrivKey(der.clone(), priv, pub);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new KeyFormatException("ECDSA private key is not valid SEC1 DER", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.ECDSA;
    }

    @Override
    public byte[] raw() {
        return der.clone();
    }

    @Override
    public byte[] sign(byte[] data) {
        return DerSignatures.sign(params, data, false);
    }

    @Override
    public EcdsaPubKey publicKey() {
        return publicKey;
    }
}
