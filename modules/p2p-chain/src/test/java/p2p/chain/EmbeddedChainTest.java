package p2p.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedChainTest {
    @TempDir
    Path dataDir;

    @Test
    void servesTheNetworkGenesisAsBestBlockAndRunsTheFsm() {
        try (EmbeddedChain chain = new EmbeddedChain("regtest", dataDir)) {
            BlockHeaderInfo best = chain.bestBlockHeader();
            assertEquals(0, best.height());
            assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", best.hash().toDisplayHex());
            assertEquals(BlockHash.fromBytes(new byte[32]), best.previousHash());
            assertTrue(chain.blockExists(best.hash()));
            assertFalse(chain.blockExists(BlockHash.fromBytes(new byte[32])));
            assertEquals(FsmState.RUNNING, chain.fsmState());
            assertTrue(chain.awaitFsmLeavesIdle(Duration.ZERO));
            assertTrue(chain.health().ok());
        }
    }

    @Test
    void stateSurvivesARestart() {
        try (EmbeddedChain chain = new EmbeddedChain("mainnet", dataDir)) {
            assertTrue(chain.getState("p2p.privateKey").isEmpty());
            chain.setState("p2p.privateKey", new byte[] {1, 2, 3});
            chain.setState("p2p.privateKey", new byte[] {4, 5});
        }
        try (EmbeddedChain chain = new EmbeddedChain("mainnet", dataDir)) {
            assertArrayEquals(new byte[] {4, 5}, chain.getState("p2p.privateKey").orElseThrow());
        }
    }
}
