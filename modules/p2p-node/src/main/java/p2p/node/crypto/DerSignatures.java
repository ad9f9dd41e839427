package p2p.node.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * ECDSA over SHA-256 with DER {@code SEQUENCE { r INTEGER, s INTEGER }} signatures, as both the secp256k1 and the
 * ECDSA key types of the peer-ids spec sign. Decoding is strict DER (re-encoding must give the same bytes), as
 * go-libp2p's parsers are.
 */
final class DerSignatures {
    private DerSignatures() {
    }

    /** Deterministic (RFC 6979) signature of SHA-256(data); {@code lowS} normalises s as Bitcoin requires. */
    static byte[] sign(ECPrivateKeyParameters key, byte[] data, boolean lowS) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(sha256(data));
        BigInteger s = rs[1];
        BigInteger n = key.getParameters().getN();
        if (lowS && s.compareTo(n.shiftRight(1)) > 0) {
            s = n.subtract(s);
        }
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
        }
    }

    /** Verifies a DER signature of SHA-256(data); malformed input is {@code false}. */
    static boolean verify(ECPublicKeyParameters key, byte[] data, byte[] signature) {
        Optional<BigInteger[]> rs = decode(signature, key.getParameters());
        if (rs.isEmpty()) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(sha256(data), rs.get()[0], rs.get()[1]);
    }

    private static Optional<BigInteger[]> decode(byte[] signature, ECDomainParameters params) {
        if (signature.length == 0 || signature.length > 2 * 66 + 16) {
            return Optional.empty();
        }
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(signature);
            if (!(primitive instanceof ASN1Sequence seq) || seq.size() != 2
                    || !(seq.getObjectAt(0) instanceof ASN1Integer r)
                    || !(seq.getObjectAt(1) instanceof ASN1Integer s)
                    || !Arrays.equals(primitive.getEncoded(ASN1Encoding.DER), signature)) {
                return Optional.empty();
            }
            BigInteger rv = r.getValue();
            BigInteger sv = s.getValue();
            BigInteger n = params.getN();
            if (rv.signum() <= 0 || sv.signum() <= 0 || rv.compareTo(n) >= 0 || sv.compareTo(n) >= 0) {
                return Optional.empty();
            }
            return Optional.of(new BigInteger[] {rv, sv});
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static byte[] sha256(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
