package p2p.chain;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the P2P server asks of the blockchain service (spec section 8): best header, headers and existence by hash,
 * FSM state, a small key/value state store, and the notification stream. Implemented over gRPC
 * ({@link GrpcBlockchainClient}) and in-process ({@link EmbeddedChain}).
 */
public interface BlockchainClient extends AutoCloseable {

    HealthStatus health();

    BlockHeaderInfo bestBlockHeader();

    Optional<BlockHeaderInfo> blockHeader(BlockHash hash);

    boolean blockExists(BlockHash hash);

    FsmState fsmState();

    /** Blocks until the FSM has left IDLE or the timeout passes; returns whether it left. */
    boolean awaitFsmLeavesIdle(Duration timeout);

    Optional<byte[]> getState(String key);

    void setState(String key, byte[] data);

    /**
     * Delivers notifications to {@code listener} until the returned handle is closed; a broken stream is
     * re-subscribed by the implementation (a gap is logged, never hidden).
     */
    AutoCloseable subscribe(String source, Consumer<ChainNotification> listener);

    @Override
    void close();
}
