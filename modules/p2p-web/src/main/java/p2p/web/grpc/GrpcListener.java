package p2p.web.grpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;

import p2p.web.WebSettings;
import p2p.web.WebStartException;

/**
 * The gRPC listener on {@code p2p_grpcListenAddress}: grpc-java's Netty server with the PeerService behind the API
 * key interceptor, plus server reflection (as Teranode registers it, so grpcurl works). Calls run on virtual threads:
 * ban rpcs block on SQL.
 */
public final class GrpcListener implements AutoCloseable {
    private static final long SHUTDOWN_GRACE_SECONDS = 5;

    private final Server server;
    private final ExecutorService executor;

    private GrpcListener(Server server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds and starts; a bind failure is a {@link WebStartException} naming the setting. */
    public static GrpcListener start(String host, int port, BindableService service,
                                     ServerInterceptor... interceptors) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .executor(executor)
                .addService(ServerInterceptors.intercept(service, interceptors))
                .addService(ProtoReflectionService.newInstance())
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw new WebStartException(WebSettings.GRPC_LISTEN_ADDRESS + " " + host + ":" + port
                    + ": cannot listen: " + e.getMessage(), e);
        }
        return new GrpcListener(server, executor);
    }

    /** The bound port (the real one when 0 was asked). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
    }
}
