package p2p.chain;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import p2p.chain.pb.blockvalidation.BlockValidationAPIGrpc;
import p2p.chain.pb.blockvalidation.EmptyMessage;
import p2p.chain.pb.blockvalidation.HealthResponse;

/** Health of Teranode's block-validation service ({@code blockvalidation_grpcAddress}), for readiness. */
public final class BlockValidationClient implements AutoCloseable {
    private final String address;
    private final ManagedChannel channel;

    public BlockValidationClient(String address) {
        this.address = address;
        this.channel = GrpcChannels.open(address);
    }

    public HealthStatus health() {
        try {
            HealthResponse r = BlockValidationAPIGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .healthGRPC(EmptyMessage.getDefaultInstance());
            return new HealthStatus(r.getOk(), r.getDetails());
        } catch (StatusRuntimeException e) {
            return new HealthStatus(false, "block validation service at " + address + ": " + e.getStatus());
        }
    }

    @Override
    public void close() {
        GrpcChannels.close(channel);
    }
}
