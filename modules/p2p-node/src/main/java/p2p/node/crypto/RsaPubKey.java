package p2p.node.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * An RSA public key: PKIX {@code SubjectPublicKeyInfo} DER, re-encoded canonically (as go-libp2p does before hashing
 * it into a peer id). Signatures are RSASSA-PKCS1-v1_5 over SHA-256. Keys of fewer than {@value #MIN_BITS} or more
 * than {@value #MAX_BITS} bits are refused, the bounds go-libp2p enforces. Uses the JDK's RSA: it parses and
 * verifies without the costly primality checks of the modulus that BouncyCastle's lightweight RSA runs on every key.
 */
public final class RsaPubKey implements PubKey {
    public static final int MIN_BITS = 2048;
    public static final int MAX_BITS = 8192;

    private final RSAPublicKey key;
    private final byte[] der;

    RsaPubKey(RSAPublicKey key) {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new KeyFormatException("RSA key of " + bits + " bits is outside " + MIN_BITS + ".." + MAX_BITS);
        }
        this.key = key;
        this.der = key.getEncoded();
    }

    /** @throws KeyFormatException when the bytes are not a PKIX RSA key of an accepted size */
    public static RsaPubKey fromRaw(byte[] der) {
        try {
            if (KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)) instanceof RSAPublicKey rsa) {
                return new RsaPubKey(rsa);
            }
            throw new KeyFormatException("RSA public key is not an RSA key");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
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
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
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
