package p2p.testkit.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import p2p.chain.BlockHash;
import p2p.chain.BlockHeaderInfo;
import p2p.chain.BlockchainClient;
import p2p.chain.FsmState;

/**
 * What the P2P service needs of every {@link BlockchainClient} (spec section 9), whichever backs it: the embedded
 * chain or Teranode's blockchain service over gRPC (against {@link FakeBlockchainService}). A subclass gives a running
 * client whose best block is regtest's genesis and whose FSM runs, and adds what is its own, in the manner of
 * jvm-libp2p's muxer contract tests.
 */
public abstract class BlockchainClientContract {
    /** Regtest's genesis block, as Teranode displays hashes. */
    protected static final String REGTEST_GENESIS = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
    private static final BlockHash UNKNOWN = BlockHash.fromBytes(new byte[32]);

    /** The client under test, started, serving regtest's genesis as its best block with the FSM running. */
    protected abstract BlockchainClient client();

    @Test
    void theBestBlockIsKnownAndAnUnknownHashIsAbsent() {
        BlockHeaderInfo best = client().bestBlockHeader();
        assertEquals(REGTEST_GENESIS, best.hash().toDisplayHex());
        assertEquals(best.hash(), client().blockHeader(best.hash()).orElseThrow().hash());
        assertTrue(client().blockExists(best.hash()));
        assertTrue(client().blockHeader(UNKNOWN).isEmpty());
        assertFalse(client().blockExists(UNKNOWN));
    }

    @Test
    void aRunningFsmIsPastIdleAndTheClientIsHealthy() {
        assertEquals(FsmState.RUNNING, client().fsmState());
        assertTrue(client().awaitFsmLeavesIdle(Duration.ofSeconds(5)));
        assertTrue(client().health().ok(), client().health()::toString);
    }

    /** The node key lives in the blockchain service's state store (spec section 9): absent, written, overwritten. */
    @Test
    void stateIsAbsentUntilWrittenAndTheLastWriteWins() {
        assertTrue(client().getState("p2p.contract").isEmpty());
        client().setState("p2p.contract", new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, client().getState("p2p.contract").orElseThrow());
        client().setState("p2p.contract", new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, client().getState("p2p.contract").orElseThrow());
    }
}
