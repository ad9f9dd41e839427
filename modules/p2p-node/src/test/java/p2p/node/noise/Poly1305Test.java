package p2p.node.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Poly1305 against RFC 8439's test vectors, and the AEAD built on it against the JDK's ChaCha20-Poly1305. */
class Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] mac(byte[] key, byte[]... pieces) {
        Poly1305 poly = new Poly1305();
        poly.init(key);
        for (byte[] piece : pieces) {
            poly.update(ByteBuffer.wrap(piece));
        }
        byte[] tag = new byte[16];
        poly.finish(tag);
        return tag;
    }

    @Test
    void rfc8439Section252Vector() {
        byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = HEX.parseHex("a8061dc1305136c6c22b8baf0c0127a9");
        assertArrayEquals(expected, mac(key, message));
        // The same message fed in pieces that cut across the 16-byte blocks.
        for (int cut = 0; cut <= message.length; cut++) {
            byte[] a = java.util.Arrays.copyOfRange(message, 0, cut);
            byte[] b = java.util.Arrays.copyOfRange(message, cut, message.length);
            assertArrayEquals(expected, mac(key, a, b), "cut at " + cut);
        }
    }

    @Test
    void rfc8439AppendixA3Vectors() {
        // Test vector 1: all-zero key and message, zero tag.
        assertArrayEquals(new byte[16], mac(new byte[32], new byte[64]));
        // Test vector 5: r = 2, s = 0, message 2^128 - 1: exercises the final reduction (h + 5 - 2^130 >= 0 case).
        byte[] key5 = HEX.parseHex("0200000000000000000000000000000000000000000000000000000000000000");
        assertArrayEquals(HEX.parseHex("03000000000000000000000000000000"),
                mac(key5, HEX.parseHex("ffffffffffffffffffffffffffffffff")));
        // Test vector 6: s = 2^128 - 1 wraps the final addition.
        byte[] key6 = HEX.parseHex("02000000000000000000000000000000ffffffffffffffffffffffffffffffff");
        assertArrayEquals(HEX.parseHex("03000000000000000000000000000000"),
                mac(key6, HEX.parseHex("02000000000000000000000000000000")));
        // r = 1: the MAC is the sum of the blocks (each plus 2^128). (2^128 - 1) + 2^128 + (2^128 - 4) + 2^128 is
        // exactly p = 2^130 - 5, so h must reduce to 0 (tag 0); one more makes it 1.
        byte[] keyR1 = HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000000");
        assertArrayEquals(new byte[16], mac(keyR1, HEX.parseHex("ffffffffffffffffffffffffffffffff"),
                HEX.parseHex("fcffffffffffffffffffffffffffffff")));
        assertArrayEquals(HEX.parseHex("01000000000000000000000000000000"), mac(keyR1,
                HEX.parseHex("ffffffffffffffffffffffffffffffff"), HEX.parseHex("fdffffffffffffffffffffffffffffff")));
    }

    @Test
    void aeadMatchesTheJdksChaCha20Poly1305ForEveryLengthAndAd() throws Exception {
        Random random = new Random(8439);
        byte[] key = new byte[32];
        random.nextBytes(key);
        NoiseCipherState ours = new NoiseCipherState();
        ours.initializeKey(key);
        NoiseCipherState theirs = new NoiseCipherState();
        theirs.initializeKey(key);
        Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
        int[] lengths = {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 4096, 65519};
        long n = 0;
        for (int length : lengths) {
            for (int adLength : new int[] {0, 5, 16, 32}) {
                byte[] plain = new byte[length];
                random.nextBytes(plain);
                byte[] ad = new byte[adLength];
                random.nextBytes(ad);
                byte[] iv = new byte[12];
                for (int i = 0; i < 8; i++) {
                    iv[4 + i] = (byte) (n >>> (8 * i));
                }
                jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(iv));
                jdk.updateAAD(ad);
                byte[] expected = jdk.doFinal(plain);
                byte[] actual = ours.encryptWithAd(ad, plain);
                assertArrayEquals(expected, actual, "length " + length + ", ad " + adLength);
                assertArrayEquals(plain, theirs.decryptWithAd(ad, actual), "length " + length + ", ad " + adLength);
                n++;
            }
        }
    }

    @Test
    void gatheredPlaintextEncryptsAsOneMessage() {
        byte[] key = new byte[32];
        new Random(1).nextBytes(key);
        byte[] plain = new byte[1000];
        new Random(2).nextBytes(plain);
        NoiseCipherState whole = new NoiseCipherState();
        whole.initializeKey(key);
        NoiseCipherState gathered = new NoiseCipherState();
        gathered.initializeKey(key);
        byte[] expected = whole.encryptWithAd(new byte[0], plain);
        ByteBuffer out = ByteBuffer.allocateDirect(plain.length + 16);
        ByteBuffer direct = ByteBuffer.allocateDirect(300).put(plain, 13, 300).flip();
        gathered.encrypt(new byte[0], new ByteBuffer[] {ByteBuffer.wrap(plain, 0, 13), direct,
                ByteBuffer.wrap(plain, 313, 687)}, out);
        assertEquals(plain.length + 16, out.position());
        byte[] actual = new byte[out.flip().remaining()];
        out.get(actual);
        assertArrayEquals(expected, actual);
    }

    @Test
    void anyFlippedBitFailsAuthenticationAndWritesNothing() {
        byte[] key = new byte[32];
        NoiseCipherState sender = new NoiseCipherState();
        sender.initializeKey(key);
        byte[] message = sender.encryptWithAd(new byte[0], "attack at dawn".getBytes(StandardCharsets.US_ASCII));
        for (int bit = 0; bit < message.length * 8; bit++) {
            byte[] tampered = message.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            NoiseCipherState receiver = new NoiseCipherState();
            receiver.initializeKey(key);
            ByteBuffer out = ByteBuffer.allocate(message.length);
            assertThrows(NoiseHandshakeException.class,
                    () -> receiver.decrypt(new byte[0], ByteBuffer.wrap(tampered), out), "bit " + bit);
            assertEquals(0, out.position(), "nothing decrypted from a forged message");
            assertEquals(0, receiver.nonce(), "a failed message does not advance the nonce");
        }
    }
}
