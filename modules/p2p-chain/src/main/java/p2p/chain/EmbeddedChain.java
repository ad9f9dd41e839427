package p2p.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The chain a node uses when no blockchain service is configured (ARCHITECTURE.md defaults): the network's genesis
 * is the best and only block (height 0), the FSM is RUNNING, no notifications arrive, and GetState/SetState are
 * files under {@code <dataDir>/chain-state}. The node then relays gossip and observes, announcing nothing of its own.
 */
public final class EmbeddedChain implements BlockchainClient {
    private final BlockHeaderInfo genesis;
    private final Path stateDir;

    public EmbeddedChain(String network, Path dataDir) {
        byte[] header = GenesisHeaders.forNetwork(network);
        this.genesis = new BlockHeaderInfo(header, 0, 1, 285, "", ChainWork.ofHeader(header));
        this.stateDir = dataDir.resolve("chain-state");
    }

    @Override
    public HealthStatus health() {
        return new HealthStatus(true, "embedded chain at genesis " + genesis.hash());
    }

    @Override
    public BlockHeaderInfo bestBlockHeader() {
        return genesis;
    }

    @Override
    public Optional<BlockHeaderInfo> blockHeader(BlockHash hash) {
        return genesis.hash().equals(hash) ? Optional.of(genesis) : Optional.empty();
    }

    @Override
    public boolean blockExists(BlockHash hash) {
        return genesis.hash().equals(hash);
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
        Path file = stateFile(key);
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chain state " + file, e);
        }
    }

    @Override
    public void setState(String key, byte[] data) {
        Path file = stateFile(key);
        try {
            Files.createDirectories(stateDir);
            // Write then rename, so a crash never leaves a half-written value behind.
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.write(partial, data);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chain state " + file, e);
        }
    }

    private Path stateFile(String key) {
        // Keys are free text (e.g. "p2p.privateKey"): hex keeps them safe as file names.
        return stateDir.resolve(HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public AutoCloseable subscribe(String source, Consumer<ChainNotification> listener) {
        return () -> { };
    }

    @Override
    public void close() {
    }
}
