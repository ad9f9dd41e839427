package p2p.node.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PskTest {
    /** The default p2p_shared_key of the Teranode network (spec section 2). */
    private static final String TERANODE_KEY = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final byte[] KEY_BYTES = HexFormat.of().parseHex(TERANODE_KEY);

    @Test
    void teranodeSharedKeyIsTheHexDecodedKeyOfTheV1Text() {
        Psk fromSetting = Psk.fromHex(TERANODE_KEY);
        Psk fromText = Psk.parse("/key/swarm/psk/1.0.0/\n/base16/\n" + TERANODE_KEY);
        assertArrayEquals(KEY_BYTES, fromSetting.key());
        assertEquals(fromSetting, fromText);
        assertEquals(fromSetting.hashCode(), fromText.hashCode());
    }

    @Test
    void keyFilesWithCrLfTrailingNewlineOrUpperCaseHexAreAccepted() {
        Psk expected = Psk.fromHex(TERANODE_KEY);
        assertEquals(expected, Psk.parse("/key/swarm/psk/1.0.0/\r\n/base16/\r\n" + TERANODE_KEY + "\r\n"));
        assertEquals(expected, Psk.parse("/key/swarm/psk/1.0.0/\n/base16/\n" + TERANODE_KEY + "\n"));
        assertEquals(expected, Psk.parse("/key/swarm/psk/1.0.0/\n/base16/\n" + TERANODE_KEY.toUpperCase()));
    }

    @Test
    void base64AndBinaryEncodingsGiveTheSameKey() {
        Psk expected = Psk.fromHex(TERANODE_KEY);
        assertEquals(expected, Psk.parse("/key/swarm/psk/1.0.0/\n/base64/\n" + Base64.getEncoder().encodeToString(KEY_BYTES)));
        byte[] header = "/key/swarm/psk/1.0.0/\n/bin/\n".getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[header.length + KEY_BYTES.length];
        System.arraycopy(header, 0, file, 0, header.length);
        System.arraycopy(KEY_BYTES, 0, file, header.length, KEY_BYTES.length);
        assertEquals(expected, Psk.parse(file));
    }

    @Test
    void toStringShowsAFingerprintNotTheKey() {
        Psk psk = Psk.fromHex(TERANODE_KEY);
        assertFalse(psk.toString().contains(TERANODE_KEY.substring(0, 8)));
        assertTrue(psk.toString().contains(psk.fingerprint()));
        assertNotEquals(psk.fingerprint(), Psk.fromHex("00".repeat(32)).fingerprint());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "/key/swarm/psk/2.0.0/\n/base16/\n" + TERANODE_KEY,
        "/key/swarm/psk/1.0.0/\n/base32/\n" + TERANODE_KEY,
        "/key/swarm/psk/1.0.0/\n/base16/",
        "/key/swarm/psk/1.0.0/\n/base16/\n" + "285b49e6",
        "/key/swarm/psk/1.0.0/\n/base16/\n" + TERANODE_KEY + "00",
        "/key/swarm/psk/1.0.0/\n/base16/\n" + "zz5b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137",
        "/key/swarm/psk/1.0.0/\n/base64/\n" + "not*base64",
        "/key/swarm/psk/1.0.0/\n/base64/\n" + "AAAA",
        "/key/swarm/psk/1.0.0/\n/bin/\n" + "short",
        TERANODE_KEY,
        "/key/swarm/psk/1.0.0/\n" + TERANODE_KEY + "\n",
    })
    void malformedKeyFilesAreRejectedWithoutQuotingTheKey(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Psk.parse(text));
        assertTrue(e.getMessage().startsWith("pnet key"), e.getMessage());
        assertFalse(e.getMessage().contains("d910726a70"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "285b", TERANODE_KEY + "0", " " + TERANODE_KEY,
        "285b49e6g910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137",
        // 64 full-width digits: Unicode digits, but not hexadecimal
        "\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10"
            + "\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10"
            + "\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10"
            + "\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10"})
    void badSharedKeySettingsNameTheSetting(String hex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Psk.fromHex(hex));
        assertTrue(e.getMessage().startsWith("p2p_shared_key"), e.getMessage());
    }
}
