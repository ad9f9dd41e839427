package p2p.app;

import java.time.Duration;
import java.util.logging.Logger;
import p2p.app.config.Settings;
import p2p.chain.BlockchainClient;
import p2p.chain.ChainException;
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
     * Blocks until the blockchain service answers and its FSM has left IDLE, as Teranode's P2P service does before
     * anything else starts: an unreachable service is waited for, not a start-up failure. It never gives up (a
     * Teranode being restarted is normal) but says every 10 s what it is waiting for; meanwhile nothing serves, so
     * readiness probes fail. An interrupt (the operator stopping the node) ends the wait.
     */
    static void awaitFsmLeavesIdle(BlockchainClient chain, String address) throws InterruptedException {
        awaitFsmLeavesIdle(chain, address, FSM_POLL);
    }

    /** As {@link #awaitFsmLeavesIdle(BlockchainClient, String)}, saying what it waits for every {@code poll}. */
    static void awaitFsmLeavesIdle(BlockchainClient chain, String address, Duration poll) throws InterruptedException {
        while (true) {
            String waitingFor;
            try {
                if (chain.awaitFsmLeavesIdle(poll)) {
                    return;
                }
                waitingFor = describeWait(chain, address);
            } catch (ChainException e) {
                waitingFor = "waiting for the blockchain service at " + address + ", which fails: " + e.getMessage();
                Thread.sleep(poll.toMillis()); // a failing call may return at once: wait out the poll, do not spin
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped while waiting for the blockchain service at " + address);
            }
            String line = waitingFor;
            LOG.warning(() -> line + "; start-up continues when it does (checked every "
                    + (poll.toMillis() % 1000 == 0 ? poll.toSeconds() + " s)" : poll.toMillis() + " ms)"));
        }
    }

    private static String describeWait(BlockchainClient chain, String address) {
        try {
            return "waiting for the blockchain FSM at " + address + " to leave IDLE (now " + chain.fsmState() + ")";
        } catch (RuntimeException e) {
            return "waiting for the blockchain service at " + address + ", which does not answer (" + e.getMessage()
                    + ")";
        }
    }
}
