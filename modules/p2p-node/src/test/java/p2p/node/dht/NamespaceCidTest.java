package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NamespaceCidTest {
    @Test
    void cidOfHelloWorldIsTheWellKnownRawCid() {
        // the raw-codec CIDv1 of the bytes "hello world" (as `ipfs add --cid-version 1 --raw-leaves` prints it)
        NamespaceCid cid = NamespaceCid.of("hello world");
        assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", cid.toString());
        assertArrayEquals(HexFormat.of().parseHex(
                "1220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"), cid.multihash());
        assertArrayEquals(HexFormat.of().parseHex("0155" + HexFormat.of().formatHex(cid.multihash())), cid.toBytes());
    }

    @Test
    void topicNamesHashAsUtf8() {
        assertEquals(NamespaceCid.of("bitcoin/mainnet-block"), NamespaceCid.of("bitcoin/mainnet-block"));
        assertNotEquals(NamespaceCid.of("bitcoin/mainnet-block"), NamespaceCid.of("bitcoin/testnet-block"));
        assertThrows(IllegalArgumentException.class, () -> NamespaceCid.of(""));
    }
}
