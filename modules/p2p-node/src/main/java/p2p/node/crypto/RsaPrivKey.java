package p2p.node.crypto;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/** An RSA private key in PKCS#1 DER. Signs RSASSA-PKCS1-v1_5 over SHA-256. */
public final class RsaPrivKey implements PrivKey {
    private final byte[] der;
    private final RSAPrivateCrtKeyParameters params;
    private final RsaPubKey publicKey;

    private RsaPrivKey(byte[] der, RSAPrivateCrtKeyParameters params, RsaPubKey publicKey) {
        this.der = der;
        this.params = params;
        this.publicKey = publicKey;
    }

    /** @throws KeyFormatException when not PKCS#1 DER or of a refused size */
    public static RsaPrivKey fromRaw(byte[] der) {
        try {
            RSAPrivateKey k = RSAPrivateKey.getInstance(der);
            RSAPrivateCrtKeyParameters priv = new RSAPrivateCrtKeyParameters(k.getModulus(), k.getPublicExponent(),
                    k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(),
                    k.getCoefficient());
            RsaPubKey pub = new RsaPubKey(new RSAKeyParameters(false, k.getModulus(), k.getPublicExponent()));
            return new RsaPrivKey(der.clone(), priv, pub);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
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
        RSADigestSigner signer = new RSADigestSigner(new SHA256Digest());
        signer.init(true, params);
        signer.update(data, 0, data.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    @Override
    public RsaPubKey publicKey() {
        return publicKey;
    }
}
