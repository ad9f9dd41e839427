package p2p.node.crypto;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * An ECDSA public key on a NIST curve (P-256, P-384, P-521): PKIX {@code SubjectPublicKeyInfo} DER, re-encoded in
 * canonical form as go-libp2p does before hashing it into a peer id. Signatures are DER ECDSA over SHA-256.
 */
public final class EcdsaPubKey implements PubKey {
    static final Set<ASN1ObjectIdentifier> CURVES =
            Set.of(SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);

    private final ECPublicKeyParameters params;
    private final byte[] der;

    EcdsaPubKey(ECPublicKeyParameters params) {
        this.params = params;
        try {
            this.der = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(params).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new KeyFormatException("ECDSA public key cannot be encoded", e);
        }
    }

    /** @throws KeyFormatException when the bytes are not a PKIX EC key on P-256, P-384 or P-521 */
    public static EcdsaPubKey fromRaw(byte[] der) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(der);
            if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())
                    || !(info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)
                    || !CURVES.contains(curve)) {
                throw new KeyFormatException("ECDSA public key is not on P-256, P-384 or P-521");
            }
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(info);
            if (!(key instanceof ECPublicKeyParameters ec)) {
                throw new KeyFormatException("ECDSA public key is not an EC key");
            }
            return new EcdsaPubKey(ec);
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new KeyFormatException("ECDSA public key is not valid PKIX DER", e);
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
    public boolean verify(byte[] data, byte[] signature) {
        return DerSignatures.verify(params, data, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdsaPubKey other && Arrays.equals(der, other.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }
}
