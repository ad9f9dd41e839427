package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code p2p_dht_mode} parsing and the 2026 protocol id (spec teranode-2026.md 1.2, 1.3). */
class DhtModeTest {
    @Test
    void parsesTheThreeModesAndNamesTheSettingOnAnythingElse() {
        assertEquals(DhtMode.OFF, DhtMode.parse("off"));
        assertEquals(DhtMode.CLIENT, DhtMode.parse(" Client "));
        assertEquals(DhtMode.SERVER, DhtMode.parse("SERVER"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DhtMode.parse("auto"));
        assertTrue(e.getMessage().contains("p2p_dht_mode") && e.getMessage().contains("auto"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DhtMode.parse(null));
    }

    @Test
    void offBuildsNoNetwork() {
        assertThrows(IllegalStateException.class, () -> DhtMode.OFF.network(null));
    }

    @Test
    void theIpfsPrefixGivesTheDefaultKadProtocol() {
        assertEquals("/ipfs/kad/1.0.0", DhtProtocol.protocolId(DhtProtocol.IPFS_PREFIX, true));
    }
}
