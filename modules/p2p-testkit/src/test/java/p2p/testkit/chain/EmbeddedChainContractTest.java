package p2p.testkit.chain;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import p2p.chain.BlockchainClient;
import p2p.chain.EmbeddedChain;

/**
 * The embedded chain against the blockchain-client contract. It lives in p2p-testkit's tests beside the gRPC client's
 * because p2p-chain cannot depend on p2p-testkit; the embedded chain's own tests (its genesis, state across a restart)
 * stay in p2p-chain.
 */
class EmbeddedChainContractTest extends BlockchainClientContract {
    @TempDir
    Path dataDir;
    private EmbeddedChain chain;

    @BeforeEach
    void start() {
        chain = new EmbeddedChain("regtest", dataDir);
    }

    @AfterEach
    void stop() {
        chain.close();
    }

    @Override
    protected BlockchainClient client() {
        return chain;
    }
}
