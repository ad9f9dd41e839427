package p2p.node.crypto;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * An RSA public key: PKIX {@code SubjectPublicKeyInfo} DER. Signatures are RSASSA-PKCS1-v1_5 over SHA-256. Keys of
 * fewer than {@value #MIN_BITS} or more than {@value #MAX_BITS} bits are refused, the bounds go-libp2p enforces.
 */
public final class RsaPubKey implements PubKey {
    public static final int MIN_BITS = 2048;
    public static final int MAX_BITS = 8192;

    private final RSAKeyParameters params;
    private final byte[] der;

    RsaPubKey(RSAKeyParameters params) {
        int bits = params.getModulus().bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new KeyFormatException("RSA key of " + bits + " bits is outside " + MIN_BITS + ".." + MAX_BITS);
        }
        this.params = params;
        try {
            this.der = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(params).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new KeyFormatException("RSA public key cannot be encoded", e);
        }
    }

    /** @throws KeyFormatException when the bytes are not a PKIX RSA key of an accepted size */
    public static RsaPubKey fromRaw(byte[] der) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(der);
            if (!PKCSObjectIdentifiers.rsaEncryption.equals(info.getAlgorithm().getAlgorithm())) {
                throw new KeyFormatException("RSA public key has algorithm " + info.getAlgorithm().getAlgorithm());
            }
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(info);
            if (!(key instanceof RSAKeyParameters rsa) || rsa.isPrivate()) {
                throw new KeyFormatException("RSA public key is not an RSA public key");
            }
            return new RsaPubKey(rsa);
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new KeyFormatException("RSA public key is not valid PKIX DER", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public byte[] raw() {
        return der.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        RSADigestSigner verifier = new RSADigestSigner(new SHA256Digest());
        verifier.init(false, params);
        verifier.update(data, 0, data.length);
        try {
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaPubKey other && Arrays.equals(der, other.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }
}
