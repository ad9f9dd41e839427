package p2p.node.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KeysTest {
    static final Properties SPEC = load();
    private static final HexFormat HEX = HexFormat.of();

    static Properties load() {
        try (InputStream in = KeysTest.class.getResourceAsStream("peer-ids-spec-keys.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] spec(String name) {
        return HEX.parseHex(SPEC.getProperty(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "secp256k1", "ecdsa", "rsa"})
    void specPrivateKeyDerivesTheSpecPublicKey(String type) {
        PrivKey priv = Keys.unmarshalPrivateKey(spec(type + ".private"));
        assertArrayEquals(spec(type + ".public"), priv.publicKey().marshal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "secp256k1", "ecdsa", "rsa"})
    void specKeysRoundTripThroughTheProtobuf(String type) {
        PubKey pub = Keys.unmarshalPublicKey(spec(type + ".public"));
        assertArrayEquals(spec(type + ".public"), pub.marshal());
        PrivKey priv = Keys.unmarshalPrivateKey(spec(type + ".private"));
        assertArrayEquals(spec(type + ".private"), priv.marshal());
        assertEquals(type.toUpperCase(java.util.Locale.ROOT), pub.type().name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "secp256k1", "ecdsa", "rsa"})
    void signaturesOfEachTypeVerifyAndTamperingFails(String type) {
        PrivKey priv = Keys.unmarshalPrivateKey(spec(type + ".private"));
        PubKey pub = Keys.unmarshalPublicKey(spec(type + ".public"));
        byte[] data = "noise-libp2p-static-key:0123456789".getBytes(StandardCharsets.UTF_8);
        byte[] sig = priv.sign(data);
        assertTrue(pub.verify(data, sig));

        byte[] otherData = data.clone();
        otherData[3] ^= 1;
        assertFalse(pub.verify(otherData, sig));
        byte[] badSig = sig.clone();
        badSig[badSig.length / 2] ^= 0x10;
        assertFalse(pub.verify(data, badSig));
        assertFalse(pub.verify(data, new byte[0]));
        assertFalse(pub.verify(data, java.util.Arrays.copyOf(sig, sig.length - 1)));
    }

    @Test
    void ed25519SignatureMatchesRfc8032TestVector1() {
        // RFC 8032 section 7.1, TEST 1 (empty message).
        Ed25519PrivKey key = Ed25519PrivKey.fromSeed(
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertArrayEquals(HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
                key.publicKey().raw());
        byte[] expected = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertArrayEquals(expected, key.sign(new byte[0]));
        assertTrue(key.publicKey().verify(new byte[0], expected));
    }

    @Test
    void secp256k1SignaturesHaveLowS() {
        Secp256k1PrivKey key = (Secp256k1PrivKey) Keys.unmarshalPrivateKey(spec("secp256k1.private"));
        java.math.BigInteger halfN = Secp256k1PubKey.CURVE.getN().shiftRight(1);
        for (int i = 0; i < 20; i++) {
            byte[] sig = key.sign(("message " + i).getBytes(StandardCharsets.UTF_8));
            org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(sig);
            java.math.BigInteger s = org.bouncycastle.asn1.ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            assertTrue(s.compareTo(halfN) <= 0, "s must be in the lower half");
        }
    }

    @Test
    void uncompressedSecp256k1KeyIsAcceptedAndReencodedCompressed() {
        Secp256k1PubKey pub = (Secp256k1PubKey) Keys.unmarshalPublicKey(spec("secp256k1.public"));
        org.bouncycastle.math.ec.ECPoint point = Secp256k1PubKey.CURVE.getCurve().decodePoint(pub.raw());
        Secp256k1PubKey fromUncompressed = Secp256k1PubKey.fromRaw(point.getEncoded(false));
        assertEquals(pub, fromUncompressed);
        assertArrayEquals(pub.raw(), fromUncompressed.raw());
    }

    @Test
    void generatedEd25519KeyRoundTripsThroughRawAndProtobuf() {
        Ed25519PrivKey key = Ed25519PrivKey.generate(new SecureRandom());
        assertEquals(64, key.raw().length);
        assertArrayEquals(key.raw(), Ed25519PrivKey.fromRaw(key.raw()).raw());
        PrivKey viaProto = Keys.unmarshalPrivateKey(key.marshal());
        assertEquals(key.publicKey(), viaProto.publicKey());
        PubKey pub = Keys.unmarshalPublicKey(key.publicKey().marshal());
        assertEquals(key.publicKey(), pub);
        assertEquals(36, pub.marshal().length);
    }

    @Test
    void legacy96ByteEd25519KeyIsAcceptedOnlyWhenBothPublicCopiesMatch() {
        byte[] raw = Ed25519PrivKey.generate(new SecureRandom()).raw();
        byte[] legacy = new byte[96];
        System.arraycopy(raw, 0, legacy, 0, 64);
        System.arraycopy(raw, 32, legacy, 64, 32);
        assertArrayEquals(raw, Ed25519PrivKey.fromRaw(legacy).raw());
        legacy[95] ^= 1;
        assertThrows(KeyFormatException.class, () -> Ed25519PrivKey.fromRaw(legacy));
    }

    @Test
    void ed25519KeyWhosePublicHalfIsNotTheSeedsIsRefused() {
        byte[] raw = Ed25519PrivKey.generate(new SecureRandom()).raw();
        raw[40] ^= 1;
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> Ed25519PrivKey.fromRaw(raw));
        assertTrue(e.getMessage().contains("public key"), e.getMessage());
    }

    @Test
    void malformedKeyProtobufsAreRejectedWithKeyFormatException() {
        byte[] good = spec("ed25519.public");
        // truncated
        for (int n = 0; n < good.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(good, n);
            assertThrows(KeyFormatException.class, () -> Keys.unmarshalPublicKey(cut), "length " + n);
        }
        // unknown key type 9
        byte[] unknownType = good.clone();
        unknownType[1] = 9;
        assertThrows(KeyFormatException.class, () -> Keys.unmarshalPublicKey(unknownType));
        // Ed25519 with 31 bytes of data
        assertThrows(KeyFormatException.class,
                () -> Keys.unmarshalPublicKey(HEX.parseHex("0801121f" + "11".repeat(31))));
        // secp256k1: invalid SEC1 prefix byte; x = 5 has no point on the curve (5^3 + 7 = 132 is not a square mod p)
        byte[] badPrefix = spec("secp256k1.public");
        badPrefix[4] = 0x07;
        assertThrows(KeyFormatException.class, () -> Keys.unmarshalPublicKey(badPrefix));
        assertThrows(KeyFormatException.class,
                () -> Keys.unmarshalPublicKey(HEX.parseHex("0802122102" + "00".repeat(31) + "05")));
        // ECDSA with garbage DER, RSA with garbage DER
        assertThrows(KeyFormatException.class, () -> Keys.unmarshalPublicKey(HEX.parseHex("08031203300102")));
        assertThrows(KeyFormatException.class, () -> Keys.unmarshalPublicKey(HEX.parseHex("08001203300102")));
        // oversized
        assertThrows(KeyFormatException.class, () -> Keys.unmarshalPublicKey(new byte[Keys.MAX_ENCODED_BYTES + 1]));
    }

    @Test
    void randomGarbageNeverEscapesAsAnythingButKeyFormatException() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[random.nextInt(80)];
            random.nextBytes(garbage);
            if (garbage.length > 1 && random.nextBoolean()) {
                garbage[0] = 0x08;
                garbage[1] = (byte) random.nextInt(4);
            }
            try {
                PubKey key = Keys.unmarshalPublicKey(garbage);
                assertInstanceOf(PubKey.class, key);
            } catch (KeyFormatException expected) {
                // the only failure allowed
            }
        }
    }
}
