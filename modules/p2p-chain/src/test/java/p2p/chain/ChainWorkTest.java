package p2p.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChainWorkTest {
    private static String work(byte[] header) {
        return HexFormat.of().formatHex(ChainWork.ofHeader(header));
    }

    @Test
    void genesisWorkIsBitcoinsKnownValuePerNetwork() {
        // mainnet bits 0x1d00ffff: 2^256 / (0xffff * 2^208 + 1) = 0x100010001, Bitcoin's genesis chain work
        assertEquals("00".repeat(27) + "0100010001", work(GenesisHeaders.forNetwork("mainnet")));
        // regtest bits 0x207fffff: the target is almost 2^255, so the work is 2
        assertEquals("00".repeat(31) + "02", work(GenesisHeaders.forNetwork("regtest")));
    }

    @Test
    void theEmbeddedChainReportsItsGenesisWork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertEquals("00".repeat(27) + "0100010001",
                HexFormat.of().formatHex(new EmbeddedChain("mainnet", dir).bestBlockHeader().chainWork()));
    }

    @Test
    void aZeroOrNegativeTargetHasNoWorkAndAShortHeaderIsRefused() {
        byte[] header = GenesisHeaders.forNetwork("mainnet");
        header[72] = 0;
        header[73] = 0;
        header[74] = 0;
        assertEquals("00".repeat(32), work(header), "zero mantissa");
        header[74] = (byte) 0x80;
        assertEquals("00".repeat(32), work(header), "the sign bit set");
        assertThrows(IllegalArgumentException.class, () -> ChainWork.ofHeader(new byte[79]));
    }
}
