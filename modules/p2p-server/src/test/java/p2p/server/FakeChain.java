package p2p.server;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import p2p.chain.BlockHash;
import p2p.chain.BlockHeaderInfo;
import p2p.chain.BlockchainClient;
import p2p.chain.ChainNotification;
import p2p.chain.FsmState;
import p2p.chain.HealthStatus;

/** A blockchain service the test drives: settable best header, known headers, notifications fired on demand. */
final class FakeChain implements BlockchainClient {
    private volatile BlockHeaderInfo best;
    private final Map<BlockHash, BlockHeaderInfo> headers = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<ChainNotification>> listeners = new CopyOnWriteArrayList<>();

    FakeChain(BlockHeaderInfo best) {
        setBest(best);
    }

    /** A header with a distinct (seeded) previous hash and the given metadata. */
    static BlockHeaderInfo header(int seed, long height) {
        byte[] raw = new byte[80];
        new java.util.Random(seed).nextBytes(raw);
        return new BlockHeaderInfo(raw, height, 1234, 567_890, "test-miner/" + seed);
    }

    void setBest(BlockHeaderInfo header) {
        best = header;
        headers.put(header.hash(), header);
    }

    /** A header the chain knows (a block notification for it is announced) without it becoming the best. */
    void add(BlockHeaderInfo header) {
        headers.put(header.hash(), header);
    }

    void fire(ChainNotification.Type type, BlockHash hash) {
        ChainNotification notification = new ChainNotification(type, hash, "", Map.of());
        listeners.forEach(listener -> listener.accept(notification));
    }

    @Override
    public HealthStatus health() {
        return new HealthStatus(true, "fake");
    }

    @Override
    public BlockHeaderInfo bestBlockHeader() {
        return best;
    }

    @Override
    public Optional<BlockHeaderInfo> blockHeader(BlockHash hash) {
        return Optional.ofNullable(headers.get(hash));
    }

    @Override
    public boolean blockExists(BlockHash hash) {
        return headers.containsKey(hash);
    }

    @Override
    public FsmState fsmState() {
        return FsmState.RUNNING;
    }

    @Override
    public boolean awaitFsmLeavesIdle(Duration timeout) {
        return true;
    }

    @Override
    public Optional<byte[]> getState(String key) {
        return Optional.empty();
    }

    @Override
    public void setState(String key, byte[] data) {
    }

    @Override
    public AutoCloseable subscribe(String source, Consumer<ChainNotification> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
    }
}
