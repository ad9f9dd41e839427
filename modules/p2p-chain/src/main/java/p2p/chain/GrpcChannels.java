package p2p.chain;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/** Plain-text gRPC channels to Teranode services, addressed as Teranode writes them ({@code host:port}). */
final class GrpcChannels {
    private GrpcChannels() {
    }

    static ManagedChannel open(String address) {
        String target = address.startsWith("dns:") ? address : "dns:///" + address;
        return NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .keepAliveTime(30, TimeUnit.SECONDS)
                .build();
    }

    static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
