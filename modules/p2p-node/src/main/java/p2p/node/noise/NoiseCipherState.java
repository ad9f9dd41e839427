package p2p.node.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code CipherState} (Noise spec section 5.1) with the ChaChaPoly functions (section 12.3): key k,
 * 64-bit nonce n, ChaCha20-Poly1305 with the nonce as 32 zero bits then n little-endian. Without a key, encryption
 * is the identity, as the handshake needs before the first DH. Nonce 2^64-1 is reserved: reaching it fails the
 * connection instead of reusing a nonce. One instance per direction; not thread-safe (owned by the event loop).
 *
 * <p>The AEAD is put together here from its RFC 8439 parts: the JDK's plain ChaCha20 (intrinsified on x86 with AVX2
 * and on AArch64) and our {@link Poly1305}. The JDK's own "ChaCha20-Poly1305" spends most of its time in a generic
 * Poly1305 unless the CPU has AVX-512 or AVX-IFMA, which made it the largest cost of a transport message. The result
 * is the same bytes, checked against the JDK's AEAD in the tests.
 */
final class NoiseCipherState {
    static final int KEY_LENGTH = 32;
    static final int TAG_LENGTH = 16;
    /** 2^64-1 as an unsigned long: the reserved nonce. */
    private static final long MAX_NONCE = -1L;
    /** 64 zero bytes: ciphering them yields key stream block 0, the Poly1305 key's source. */
    private static final byte[] ZERO_BLOCK = new byte[64];

    private final Cipher cipher;
    private final Poly1305 mac = new Poly1305();
    private final byte[] polyKey = new byte[64];
    private final byte[] iv = new byte[12];
    private SecretKeySpec key;
    private long nonce;

    NoiseCipherState() {
        try {
            cipher = Cipher.getInstance("ChaCha20");
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("the JDK has no ChaCha20 cipher", e);
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
        encrypt(ad, new ByteBuffer[] {plaintext}, out);
    }

    /**
     * Encrypts the remaining bytes of {@code plaintext}, in order, as one message into {@code out} (needs their total
     * + 16 bytes), then advances n. For a message gathered from several buffers: no copy into one buffer first.
     */
    void encrypt(byte[] ad, ByteBuffer[] plaintext, ByteBuffer out) {
        start(Cipher.ENCRYPT_MODE, ad);
        long length = 0;
        try {
            for (ByteBuffer part : plaintext) {
                ByteBuffer written = out.duplicate();
                int n = cipher.update(part, out);
                written.limit(written.position() + n);
                mac.update(written);
                length += n;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 encryption failed", e);
        }
        out.put(tag(ad.length, length));
        nonce++;
    }

    /**
     * Decrypts and authenticates all of {@code ciphertext} into {@code out}, then advances n. The tag is checked
     * before anything is decrypted, so {@code out} receives nothing from a forged message.
     *
     * @throws NoiseHandshakeException when the tag does not match (tampered, truncated or out-of-order message)
     */
    void decrypt(byte[] ad, ByteBuffer ciphertext, ByteBuffer out) {
        if (ciphertext.remaining() < TAG_LENGTH) {
            throw new NoiseHandshakeException("ciphertext of " + ciphertext.remaining() + " bytes is shorter than its tag");
        }
        start(Cipher.DECRYPT_MODE, ad);
        ByteBuffer body = ciphertext.duplicate();
        body.limit(body.limit() - TAG_LENGTH);
        mac.update(body);
        byte[] expected = tag(ad.length, body.remaining());
        byte[] received = new byte[TAG_LENGTH];
        ciphertext.get(ciphertext.limit() - TAG_LENGTH, received);
        if (!MessageDigest.isEqual(expected, received)) {
            throw new NoiseHandshakeException("Noise message failed authentication (nonce " + Long.toUnsignedString(nonce)
                    + ")");
        }
        try {
            cipher.update(body, out);
        } catch (GeneralSecurityException e) {
            throw new NoiseHandshakeException("Noise message could not be decrypted", e);
        }
        ciphertext.position(ciphertext.limit());
        nonce++;
    }

    /**
     * RFC 8439 section 2.8 for nonce n: ChaCha20 from block counter 0, whose first 32 key stream bytes are the
     * Poly1305 key, so the data is ciphered from counter 1 on; the MAC then covers the AD padded to 16 bytes.
     */
    private void start(int mode, byte[] ad) {
        if (nonce == MAX_NONCE) {
            throw new NoiseHandshakeException("Noise nonce exhausted: the connection must be closed");
        }
        long n = nonce;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        try {
            cipher.init(mode, key, new ChaCha20ParameterSpec(iv, 0));
            cipher.update(ZERO_BLOCK, 0, ZERO_BLOCK.length, polyKey, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 refused key or nonce", e);
        }
        mac.init(polyKey);
        Arrays.fill(polyKey, (byte) 0);
        if (ad.length > 0) {
            mac.update(ByteBuffer.wrap(ad));
            mac.padToBlock();
        }
    }

    /** Finishes the MAC: pad16(ciphertext), then the AD and ciphertext lengths as 64-bit little-endian numbers. */
    private byte[] tag(long adLength, long cipherLength) {
        mac.padToBlock();
        mac.updateLengths(adLength, cipherLength);
        byte[] tag = new byte[TAG_LENGTH];
        mac.finish(tag);
        return tag;
    }
}
