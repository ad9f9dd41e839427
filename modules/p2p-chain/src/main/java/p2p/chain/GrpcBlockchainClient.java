package p2p.chain;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import p2p.chain.pb.BlockchainAPIGrpc;
import p2p.chain.pb.GetBlockHeaderRequest;
import p2p.chain.pb.GetBlockHeaderResponse;
import p2p.chain.pb.GetBlockRequest;
import p2p.chain.pb.GetStateRequest;
import p2p.chain.pb.HealthResponse;
import p2p.chain.pb.SetStateRequest;

/**
 * {@link BlockchainClient} over Teranode's {@code blockchain_api.BlockchainAPI} gRPC service
 * ({@code blockchain_grpcAddress}). Unary calls carry a deadline; the notification stream is kept alive by
 * {@link NotificationStream}.
 */
public final class GrpcBlockchainClient implements BlockchainClient {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String address;
    private final ManagedChannel channel;

    public GrpcBlockchainClient(String address) {
        this.address = address;
        this.channel = GrpcChannels.open(address);
    }

    private BlockchainAPIGrpc.BlockchainAPIBlockingStub stub() {
        return BlockchainAPIGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public HealthStatus health() {
        try {
            HealthResponse response = stub().healthGRPC(Empty.getDefaultInstance());
            return new HealthStatus(response.getOk(), response.getDetails());
        } catch (StatusRuntimeException e) {
            return new HealthStatus(false, "blockchain service at " + address + ": " + e.getStatus());
        }
    }

    @Override
    public BlockHeaderInfo bestBlockHeader() {
        return toInfo(call("GetBestBlockHeader", () -> stub().getBestBlockHeader(Empty.getDefaultInstance())));
    }

    @Override
    public Optional<BlockHeaderInfo> blockHeader(BlockHash hash) {
        try {
            return Optional.of(toInfo(stub().getBlockHeader(GetBlockHeaderRequest.newBuilder()
                    .setBlockHash(ByteString.copyFrom(hash.bytes())).build())));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure("GetBlockHeader", e);
        }
    }

    @Override
    public boolean blockExists(BlockHash hash) {
        return call("GetBlockExists", () -> stub().getBlockExists(GetBlockRequest.newBuilder()
                .setHash(ByteString.copyFrom(hash.bytes())).build())).getExists();
    }

    @Override
    public FsmState fsmState() {
        return switch (call("GetFSMCurrentState", () -> stub().getFSMCurrentState(Empty.getDefaultInstance())).getState()) {
            case IDLE -> FsmState.IDLE;
            case RUNNING -> FsmState.RUNNING;
            case CATCHINGBLOCKS -> FsmState.CATCHINGBLOCKS;
            case LEGACYSYNCING -> FsmState.LEGACYSYNCING;
            case UNRECOGNIZED -> throw new ChainException("GetFSMCurrentState: unknown state from " + address);
        };
    }

    /**
     * Waits for the FSM to leave IDLE, and for an unreachable service to come up: the call waits for the connection
     * (gRPC wait-for-ready) instead of failing at once, so a blockchain service that is down or restarting reads as
     * "not yet" (false after {@code timeout}), as Teranode's P2P service waits for it. A reconnect is tried at once on
     * each call, whatever the channel's backoff.
     */
    @Override
    public boolean awaitFsmLeavesIdle(Duration timeout) {
        channel.resetConnectBackoff();
        try {
            BlockchainAPIGrpc.newBlockingStub(channel).withWaitForReady()
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .waitUntilFSMTransitionFromIdleState(Empty.getDefaultInstance());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                return false;
            }
            throw failure("WaitUntilFSMTransitionFromIdleState", e);
        }
    }

    /**
     * The value stored under {@code key}, empty when there is none. Teranode's service answers a missing key with
     * UNKNOWN (its SQL "no rows" error does not survive its gRPC error wrapping), so UNKNOWN and NOT_FOUND both mean
     * absent; any other failure (unreachable, deadline, internal) is a {@link ChainException}, so that a caller never
     * takes a failed read for a missing value.
     */
    @Override
    public Optional<byte[]> getState(String key) {
        try {
            byte[] data = stub().getState(GetStateRequest.newBuilder().setKey(key).build()).getData().toByteArray();
            return data.length == 0 ? Optional.empty() : Optional.of(data);
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.UNKNOWN) {
                return Optional.empty();
            }
            throw failure("GetState", e);
        }
    }

    @Override
    public void setState(String key, byte[] data) {
        call("SetState", () -> stub().setState(SetStateRequest.newBuilder().setKey(key)
                .setData(ByteString.copyFrom(data)).build()));
    }

    @Override
    public AutoCloseable subscribe(String source, Consumer<ChainNotification> listener) {
        NotificationStream stream = new NotificationStream(channel, address, source, listener);
        stream.start();
        return stream;
    }

    @Override
    public void close() {
        GrpcChannels.close(channel);
    }

    private static BlockHeaderInfo toInfo(GetBlockHeaderResponse r) {
        return new BlockHeaderInfo(r.getBlockHeader().toByteArray(), Integer.toUnsignedLong(r.getHeight()),
                r.getTxCount(), r.getSizeInBytes(), r.getMiner(), r.getChainWork().toByteArray());
    }

    private <T> T call(String rpc, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw failure(rpc, e);
        }
    }

    private ChainException failure(String rpc, StatusRuntimeException e) {
        // The status code and description only: Status.toString() would put the cause's whole stack in the text.
        Status status = e.getStatus();
        return new ChainException(rpc + " on blockchain service " + address + " failed: " + status.getCode()
                + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"), e);
    }
}
