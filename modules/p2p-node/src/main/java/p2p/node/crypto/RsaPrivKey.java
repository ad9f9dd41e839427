package p2p.node.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/** An RSA private key in PKCS#1 DER (read with BouncyCastle's ASN.1, used through the JDK). Signs PKCS#1 v1.5 SHA-256. */
public final class RsaPrivKey implements PrivKey {
    private final byte[] der;
    private final PrivateKey key;
    private final RsaPubKey publicKey;

    private RsaPrivKey(byte[] der, PrivateKey key, RsaPubKey publicKey) {
        this.der = der;
        this.key = key;
        this.publicKey = publicKey;
    }

    /** @throws KeyFormatException when not PKCS#1 DER or of a refused size */
    public static RsaPrivKey fromRaw(byte[] der) {
        try {
            RSAPrivateKey k = RSAPrivateKey.getInstance(der);
            KeyFactory factory = KeyFactory.getInstance("RSA");
            PrivateKey priv = factory.generatePrivate(new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(),
                    k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(),
                    k.getCoefficient()));
            RSAPublicKey pub = (RSAPublicKey) factory.generatePublic(
                    new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
            return new RsaPrivKey(der.clone(), priv, new RsaPubKey(pub));
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new KeyFormatException("RSA private key is not valid PKCS#1 DER", e);
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
    public byte[] sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    @Override
    public RsaPubKey publicKey() {
        return publicKey;
    }
}
