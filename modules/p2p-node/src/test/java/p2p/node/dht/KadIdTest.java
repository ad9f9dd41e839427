package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KadIdTest {
    @Test
    void idIsSha256OfTheKeyBytes() {
        // SHA-256("abc") from FIPS 180-2, appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                KadId.ofKey("abc".getBytes(StandardCharsets.US_ASCII)).toString());
    }

    @Test
    void commonPrefixLengthAndDistanceAgreeWithBigIntegerXor() {
        TestPeers peers = new TestPeers(1);
        for (int i = 0; i < 500; i++) {
            KadId a = KadId.of(peers.next());
            KadId b = KadId.of(peers.next());
            BigInteger xor = new BigInteger(1, a.bytes()).xor(new BigInteger(1, b.bytes()));
            assertEquals(256 - xor.bitLength(), a.commonPrefixLength(b));
            assertEquals(xor, new BigInteger(1, a.distance(b)));
        }
    }

    @Test
    void equalIdsShareAllBits() {
        KadId a = KadId.ofKey(new byte[] {1});
        assertEquals(256, a.commonPrefixLength(KadId.ofKey(new byte[] {1})));
    }

    @Test
    void compareDistanceOrdersByXorToTheTarget() {
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[31] = 1;
        byte[] high = new byte[32];
        high[0] = (byte) 0x80;
        KadId target = KadId.fromHash(zero);
        assertTrue(target.compareDistance(KadId.fromHash(one), KadId.fromHash(high)) < 0);
        assertTrue(target.compareDistance(KadId.fromHash(high), KadId.fromHash(one)) > 0);
        assertEquals(0, target.compareDistance(KadId.fromHash(one), KadId.fromHash(one.clone())));
        assertEquals(HexFormat.of().formatHex(high), KadId.fromHash(high).toString());
    }
}
