package p2p.app;

import java.time.Duration;
import java.util.logging.Logger;
import p2p.app.config.Settings;
import p2p.chain.BlockchainClient;
import p2p.chain.EmbeddedChain;
import p2p.chain.GrpcBlockchainClient;

/** Picks the blockchain the node follows and waits for it to be usable (first steps of spec section 1). */
final class ChainConnection {
    private static final Logger LOG = Logger.getLogger(ChainConnection.class.getName());
    private static final Duration FSM_POLL = Duration.ofSeconds(10);

    private ChainConnection() {
    }

    /** Teranode's blockchain service at {@code blockchain_grpcAddress}, else the embedded genesis chain. */
    static BlockchainClient open(Settings settings) {
        return settings.blockchainGrpcAddress()
                .<BlockchainClient>map(GrpcBlockchainClient::new)
                .orElseGet(() -> new EmbeddedChain(settings.network().name().toLowerCase(java.util.Locale.ROOT), settings.dataDir()));
    }

    /**
     * Blocks until the blockchain FSM has left IDLE, as Teranode's P2P service does before anything else starts.
     * It never gives up (a Teranode being restarted is normal) but says every 10 s what it is waiting for; an
     * interrupt (the operator stopping the node) ends the wait.
     */
    static void awaitFsmLeavesIdle(BlockchainClient chain, String address) throws InterruptedException {
        while (!chain.awaitFsmLeavesIdle(FSM_POLL)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped while waiting for the blockchain FSM to leave IDLE");
            }
            String state = describeState(chain);
            LOG.warning(() -> "waiting for the blockchain FSM at " + address + " to leave IDLE (now " + state + ")");
        }
    }

    private static String describeState(BlockchainClient chain) {
        try {
            return chain.fsmState().name();
        } catch (RuntimeException e) {
            return "unknown: " + e.getMessage();
        }
    }
}
