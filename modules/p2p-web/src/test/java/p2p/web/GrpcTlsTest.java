package p2p.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import p2p.web.pb.PeerServiceGrpc;

/**
 * gRPC TLS per {@code security_level_grpc} (spec section 6.1, Teranode's util/GRPCHelper): 0 plain, 1 server
 * certificate, 2 client certificate required (any), 3 refused at start. Real TLS on 127.0.0.1 with grpc-java's
 * client.
 */
class GrpcTlsTest {
    @TempDir
    static Path dir;
    private static SelfSignedCertificate server;
    /** A client certificate nobody signed: level 2 asks for one, as Go's RequireAnyClientCert, not for a trusted one. */
    private static SelfSignedCertificate client;

    private OperatorServer operator;
    private ManagedChannel channel;

    @BeforeAll
    static void certificates() throws Exception {
        server = SelfSignedCertificate.create(Files.createDirectories(dir.resolve("server")));
        client = SelfSignedCertificate.create(Files.createDirectories(dir.resolve("client")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (operator != null) {
            operator.close();
        }
    }

    private OperatorServer start(int level) {
        operator = OperatorServer.builder(TestServers.loopback().securityLevelGrpc(level)
                        .certFile(server.certFile()).keyFile(server.keyFile()).build())
                .banList(new FakeBanList())
                .banScoring(new FakeBanScoring())
                .start();
        return operator;
    }

    private int listBanned(SslContextBuilder tls) throws Exception {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", operator.grpcPort())
                .sslContext(tls.build()).build();
        return PeerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .listBanned(Empty.getDefaultInstance()).getBannedCount();
    }

    private static SslContextBuilder trustingServer() {
        return GrpcSslContexts.forClient().trustManager(server.certFile().toFile());
    }

    @Test
    void levelOneServesTlsWithTheServerCertificateAndRefusesPlaintext() throws Exception {
        start(1);
        assertEquals(0, listBanned(trustingServer()));
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", operator.grpcPort()).usePlaintext().build();
        StatusRuntimeException plain = assertThrows(StatusRuntimeException.class, () -> PeerServiceGrpc
                .newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .listBanned(Empty.getDefaultInstance()));
        // grpc-java reports the TLS record it read as an HTTP/2 frame as INTERNAL or UNAVAILABLE: either way, refused.
        assertTrue(plain.getStatus().getCode() == Status.Code.UNAVAILABLE
                || plain.getStatus().getCode() == Status.Code.INTERNAL, plain.getStatus().toString());
        // HTTP stays plain: securityLevelHTTP is its own setting.
        assertTrue(!operator.https());
    }

    @Test
    void levelTwoRequiresAClientCertificateButAnyWillDo() throws Exception {
        start(2);
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class,
                () -> listBanned(trustingServer()));
        assertEquals(Status.Code.UNAVAILABLE, none.getStatus().getCode());
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        assertEquals(0, listBanned(trustingServer()
                .keyManager(client.certFile().toFile(), client.keyFile().toFile())));
    }

    @Test
    void levelThreeIsRefusedAtStartWithTheReason() {
        WebStartException e = assertThrows(WebStartException.class, () -> start(3));
        assertTrue(e.getMessage().startsWith("security_level_grpc 3 is not supported"), e.getMessage());
        operator = null;
    }

    @Test
    void aTlsLevelWithoutTheFilesIsAStartErrorNamingTheSetting() {
        WebStartException e = assertThrows(WebStartException.class, () -> OperatorServer.builder(
                        TestServers.loopback().securityLevelGrpc(1).build())
                .banList(new FakeBanList()).banScoring(new FakeBanScoring()).start());
        assertEquals("server_certFile is required when security_level_grpc is 1 (gRPC TLS)", e.getMessage());
    }
}
