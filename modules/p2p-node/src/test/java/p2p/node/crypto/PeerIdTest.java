package p2p.node.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2p.node.multiaddr.Base58;

class PeerIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "secp256k1", "ecdsa", "rsa"})
    void peerIdOfSpecKeyMatchesIndependentComputation(String type) {
        PeerId id = PeerId.fromPublicKey(Keys.unmarshalPublicKey(KeysTest.spec(type + ".public")));
        assertEquals(KeysTest.SPEC.getProperty(type + ".peerid.base58"), id.toBase58());
        assertEquals(KeysTest.SPEC.getProperty(type + ".peerid.cid"), id.toCidString());
        assertEquals(id, PeerId.parse(id.toBase58()));
        assertEquals(id, PeerId.parse(id.toCidString()));
        assertEquals(id, PeerId.fromBytes(id.toBytes()));
    }

    @Test
    void shortKeysAreInlinedAndLongKeysHashed() {
        PeerId ed = PeerId.fromPublicKey(Keys.unmarshalPublicKey(KeysTest.spec("ed25519.public")));
        assertTrue(ed.isInlineKey());
        assertTrue(ed.toBase58().startsWith("12D3KooW"));
        PeerId rsa = PeerId.fromPublicKey(Keys.unmarshalPublicKey(KeysTest.spec("rsa.public")));
        assertFalse(rsa.isInlineKey());
        assertTrue(rsa.toBase58().startsWith("Qm"));
        assertTrue(rsa.extractPublicKey().isEmpty());
    }

    @Test
    void specExamplesParseAndTheCidAndBase58FormsAgree() {
        // From the peer-ids spec, "Decoding" examples: the first two name the same sha256 peer id.
        PeerId cid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        PeerId qm = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertEquals(qm, cid);
        assertEquals("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", cid.toString());
        assertEquals("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe", qm.toCidString());

        PeerId ed = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        assertEquals("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA", ed.toBase58());
        PubKey key = ed.extractPublicKey().orElseThrow();
        assertEquals(KeyType.ED25519, key.type());
        assertTrue(ed.matches(key));
        assertEquals(ed, PeerId.parse(ed.toCidString()));
        assertEquals(ed, PeerId.parse("B" + ed.toCidString().substring(1).toUpperCase(java.util.Locale.ROOT)));
    }

    @Test
    void equalityAndHashFollowTheBytes() {
        Ed25519PrivKey k = Ed25519PrivKey.generate(new SecureRandom());
        PeerId a = PeerId.fromPublicKey(k.publicKey());
        PeerId b = PeerId.parse(a.toString());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(0, a.compareTo(b));
        assertNotEquals(a, PeerId.fromPublicKey(Ed25519PrivKey.generate(new SecureRandom()).publicKey()));
        assertArrayEquals(a.toBytes(), b.toBytes());
    }

    @Test
    void malformedPeerIdsAreRejected() {
        String good = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
        assertThrows(KeyFormatException.class, () -> PeerId.parse(""));
        assertThrows(KeyFormatException.class, () -> PeerId.parse(good.substring(0, good.length() - 3)));
        assertThrows(KeyFormatException.class, () -> PeerId.parse(good + "0")); // '0' is not base58
        assertThrows(KeyFormatException.class, () -> PeerId.parse("xyz"));
        // CID version 0, wrong codec (dag-pb 0x70), truncated multihash
        assertThrows(KeyFormatException.class, () -> PeerId.parse("b" + Base32.encode(new byte[] {0, 0x72, 0, 1, 1})));
        assertThrows(KeyFormatException.class, () -> PeerId.parse("b" + Base32.encode(new byte[] {1, 0x70, 0, 1, 1})));
        assertThrows(KeyFormatException.class, () -> PeerId.parse("b" + Base32.encode(new byte[] {1, 0x72, 0, 5, 1})));
        assertThrows(KeyFormatException.class, () -> PeerId.fromBytes(new byte[0]));
        assertThrows(KeyFormatException.class, () -> PeerId.fromBytes(new byte[] {0x12, 0x10, 1, 2}));
        assertThrows(KeyFormatException.class, () -> PeerId.fromBytes(new byte[] {(byte) 0x80}));
        assertThrows(KeyFormatException.class, () -> PeerId.fromBytes(new byte[PeerId.MAX_BYTES + 1]));
        // an identity peer id whose inlined bytes are not a key: parses, but has no extractable key
        PeerId notAKey = PeerId.fromBytes(new byte[] {0, 2, 9, 9});
        assertThrows(KeyFormatException.class, notAKey::extractPublicKey);
    }

    @Test
    void base58AndBase32RoundTripWithLeadingZeros() {
        byte[] data = {0, 0, 1, 2, (byte) 255, 0};
        assertArrayEquals(data, Base58.decode(Base58.encode(data)));
        assertTrue(Base58.encode(data).startsWith("11"));
        for (int n = 0; n < 12; n++) {
            byte[] d = new byte[n];
            new SecureRandom().nextBytes(d);
            assertArrayEquals(d, Base32.decode(Base32.encode(d)));
            assertArrayEquals(d, Base58.decode(Base58.encode(d)));
        }
        assertEquals("mzxw6ytboi", Base32.encode("foobar".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
