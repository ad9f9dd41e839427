package p2p.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GenesisHeadersTest {

    @Test
    void eachNetworkGenesisHeaderHashesToItsPublishedHash() {
        assertEquals("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
                BlockHash.ofHeader(GenesisHeaders.forNetwork("mainnet")).toDisplayHex());
        assertEquals("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
                BlockHash.ofHeader(GenesisHeaders.forNetwork("testnet")).toDisplayHex());
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
                BlockHash.ofHeader(GenesisHeaders.forNetwork("regtest")).toDisplayHex());
        assertEquals("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
                BlockHash.ofHeader(GenesisHeaders.forNetwork("stn")).toDisplayHex());
        assertEquals("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
                BlockHash.ofHeader(GenesisHeaders.forNetwork("teratestnet")).toDisplayHex());
    }

    @Test
    void unknownNetworkIsRefusedByName() {
        assertEquals("no genesis header for network 'moonnet'",
                assertThrows(IllegalArgumentException.class, () -> GenesisHeaders.forNetwork("moonnet")).getMessage());
    }

    @Test
    void displayHexIsByteReversedAndRoundTrips() {
        BlockHash hash = BlockHash.fromDisplayHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        assertEquals(0x6f, hash.bytes()[0] & 0xff);
        assertEquals(hash, BlockHash.fromBytes(hash.bytes()));
        assertThrows(IllegalArgumentException.class, () -> BlockHash.fromDisplayHex("zz"));
        assertThrows(IllegalArgumentException.class, () -> BlockHash.fromDisplayHex("g".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> BlockHash.fromBytes(new byte[31]));
    }
}
