package p2p.node.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base58Test {
    /** Bitcoin Core's src/test/data/base58_encode_decode.json. */
    @ParameterizedTest
    @CsvSource({
        "'', ''",
        "61, 2g",
        "626262, a3gV",
        "636363, aPEr",
        "73696d706c792061206c6f6e6720737472696e67, 2cFupjhnEsSn59qHXstmK2ffpLv2",
        "00eb15231dfceb60925886b67d065299925915aeb172c06647, 1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        "516b6fcd0f, ABnLTmg",
        "bf4f89001e670274dd, 3SEo3LWLoPntC",
        "572e4794, 3EFU7m",
        "ecac89cad93923c02321, EJDM8drfXA6uyA",
        "10c8511e, Rt5zm",
        "00000000000000000000, 1111111111",
    })
    void bitcoinCoreVectorsEncodeAndDecode(String hex, String text) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertEquals(text, Base58.encode(bytes));
        assertArrayEquals(bytes, Base58.decode(text));
    }

    @Test
    void randomBytesRoundTripIncludingLeadingZeros() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(60)];
            random.nextBytes(bytes);
            int zeros = random.nextInt(4);
            for (int z = 0; z < Math.min(zeros, bytes.length); z++) {
                bytes[z] = 0;
            }
            assertArrayEquals(bytes, Base58.decode(Base58.encode(bytes)));
        }
    }

    @Test
    void ed25519PeerIdFromThePeerIdSpecDecodesToAnIdentityMultihashOfAPublicKey() {
        byte[] multihash = Base58.decode("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        // identity multihash (0x00), 36 bytes: protobuf PublicKey{Type=Ed25519(1), Data=32 bytes}
        assertEquals(38, multihash.length);
        assertEquals("0024080112" + "20", HexFormat.of().formatHex(multihash, 0, 6));
    }

    @Test
    void charactersOutsideTheAlphabetAreRejectedWithTheInputNamed() {
        for (String bad : new String[] {"0", "O", "I", "l", "3mJr0", "abc!", "é"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base58.decode(bad));
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
    }
}
