package p2p.node.noise;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code SymmetricState} (Noise spec section 5.2) with SHA-256: chaining key ck, handshake hash h, and the
 * {@link NoiseCipherState} that encrypts handshake payloads. HKDF is the Noise one (section 4.3) over HMAC-SHA256.
 */
final class NoiseSymmetricState {
    static final int HASH_LENGTH = 32;

    private final NoiseCipherState cipher = new NoiseCipherState();
    private final MessageDigest sha256;
    private final Mac hmac;
    private byte[] ck;
    private byte[] h;

    NoiseSymmetricState(String protocolName) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            hmac = Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        h = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256.digest(name);
        ck = h.clone();
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(ck, inputKeyMaterial);
        ck = out[0];
        cipher.initializeKey(out[1]);
    }

    void mixHash(byte[] data) {
        sha256.update(h);
        sha256.update(data);
        h = sha256.digest();
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher.encryptWithAd(h, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) {
        byte[] plaintext = cipher.decryptWithAd(h, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** The two transport cipher states: [0] for initiator-to-responder, [1] for responder-to-initiator. */
    NoiseCipherState[] split() {
        byte[][] keys = hkdf(ck, new byte[0]);
        NoiseCipherState c1 = new NoiseCipherState();
        c1.initializeKey(keys[0]);
        NoiseCipherState c2 = new NoiseCipherState();
        c2.initializeKey(keys[1]);
        Arrays.fill(ck, (byte) 0);
        return new NoiseCipherState[] {c1, c2};
    }

    byte[] handshakeHash() {
        return h.clone();
    }

    /** Noise HKDF with two outputs: temp = HMAC(ck, ikm); out1 = HMAC(temp, 0x01); out2 = HMAC(temp, out1 || 0x02). */
    private byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
        byte[] temp = hmac(chainingKey, inputKeyMaterial);
        byte[] out1 = hmac(temp, new byte[] {1});
        byte[] input2 = Arrays.copyOf(out1, HASH_LENGTH + 1);
        input2[HASH_LENGTH] = 2;
        byte[] out2 = hmac(temp, input2);
        return new byte[][] {out1, out2};
    }

    private byte[] hmac(byte[] key, byte[] data) {
        try {
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 refused a 32-byte key", e);
        }
        return hmac.doFinal(data);
    }
}
