package p2p.node.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code CipherState} (Noise spec section 5.1) with the ChaChaPoly functions (section 12.3): key k,
 * 64-bit nonce n, ChaCha20-Poly1305 with the nonce as 32 zero bits then n little-endian. Without a key, encryption
 * is the identity, as the handshake needs before the first DH. Nonce 2^64-1 is reserved: reaching it fails the
 * connection instead of reusing a nonce. One instance per direction; not thread-safe (owned by the event loop).
 */
final class NoiseCipherState {
    static final int KEY_LENGTH = 32;
    static final int TAG_LENGTH = 16;
    /** 2^64-1 as an unsigned long: the reserved nonce. */
    private static final long MAX_NONCE = -1L;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Cipher cipher;
    private final byte[] iv = new byte[12];
    private SecretKeySpec key;
    private long nonce;

    NoiseCipherState() {
        try {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("the JDK has no ChaCha20-Poly1305 cipher", e);
        }
    }

    void initializeKey(byte[] k) {
        key = new SecretKeySpec(k, 0, KEY_LENGTH, "ChaCha20");
        nonce = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    long nonce() {
        return nonce;
    }

    /** Tests only: jump to a nonce (e.g. to check exhaustion). */
    void setNonceForTest(long n) {
        nonce = n;
    }

    byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
        if (!hasKey()) {
            return plaintext.clone();
        }
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        encrypt(ad, ByteBuffer.wrap(plaintext), ByteBuffer.wrap(out));
        return out;
    }

    /** @throws NoiseHandshakeException when authentication fails */
    byte[] decryptWithAd(byte[] ad, byte[] ciphertext) {
        if (!hasKey()) {
            return ciphertext.clone();
        }
        if (ciphertext.length < TAG_LENGTH) {
            throw new NoiseHandshakeException("ciphertext of " + ciphertext.length + " bytes is shorter than its tag");
        }
        byte[] out = new byte[ciphertext.length - TAG_LENGTH];
        decrypt(ad, ByteBuffer.wrap(ciphertext), ByteBuffer.wrap(out));
        return out;
    }

    /** Encrypts all of {@code plaintext} into {@code out} (needs remaining() + 16 bytes), then advances n. */
    void encrypt(byte[] ad, ByteBuffer plaintext, ByteBuffer out) {
        init(Cipher.ENCRYPT_MODE, ad);
        try {
            cipher.doFinal(plaintext, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        nonce++;
    }

    /**
     * Encrypts the remaining bytes of {@code plaintext}, in order, as one message into {@code out} (needs their total
     * + 16 bytes), then advances n. For a message gathered from several buffers: no copy into one buffer first.
     */
    void encrypt(byte[] ad, ByteBuffer[] plaintext, ByteBuffer out) {
        init(Cipher.ENCRYPT_MODE, ad);
        try {
            for (ByteBuffer part : plaintext) {
                cipher.update(part, out);
            }
            cipher.doFinal(EMPTY, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        nonce++;
    }

    /**
     * Decrypts and authenticates all of {@code ciphertext} into {@code out}, then advances n.
     *
     * @throws NoiseHandshakeException when the tag does not match (tampered, truncated or out-of-order message)
     */
    void decrypt(byte[] ad, ByteBuffer ciphertext, ByteBuffer out) {
        init(Cipher.DECRYPT_MODE, ad);
        try {
            cipher.doFinal(ciphertext, out);
        } catch (AEADBadTagException e) {
            throw new NoiseHandshakeException("Noise message failed authentication (nonce " + Long.toUnsignedString(nonce)
                    + ")", e);
        } catch (GeneralSecurityException e) {
            throw new NoiseHandshakeException("Noise message could not be decrypted", e);
        }
        nonce++;
    }

    private void init(int mode, byte[] ad) {
        if (nonce == MAX_NONCE) {
            throw new NoiseHandshakeException("Noise nonce exhausted: the connection must be closed");
        }
        long n = nonce;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        try {
            cipher.init(mode, key, new IvParameterSpec(iv));
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 refused key or nonce", e);
        }
        if (ad.length > 0) {
            cipher.updateAAD(ad);
        }
    }
}
