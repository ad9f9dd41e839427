package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.testkit.Await;
import p2p.web.pb.PeerServiceGrpc;

/**
 * The README's two-node network: the shipped config/node1.yaml and config/node2.yaml (fixed p2p ports 9905 and 9915,
 * each naming the other as a static peer) started by the packaged launcher; each must list the other in GetPeers,
 * which proves TCP, the private network, Noise, yamux and identify between two Java nodes.
 */
class TwoNodeNetworkIT {
    private static final Path HOME = Path.of("target");
    private static final Path CONFIG = Path.of("target/config");
    private static final String NODE1 = "12D3KooWGrHgAUCntHT9QwkY52dhTcHPiRxDks9am88ZsX68wqwj";
    private static final String NODE2 = "12D3KooWQPF5f3SVoQDKEyyvmGKAwQBAAYqCpUs99UqHzCKT4o2F";

    @TempDir
    Path work;

    @Test
    void shippedNodeConfigsConnectOverThePrivateNetwork() throws Exception {
        try (ServerProcess node1 = ServerProcess.start(HOME, List.of(CONFIG.resolve("node1.yaml"), override("1")), Map.of());
             ServerProcess node2 = ServerProcess.start(HOME, List.of(CONFIG.resolve("node2.yaml"), override("2")), Map.of())) {
            assertEquals(NODE1, node1.peerId());
            assertEquals(NODE2, node2.peerId());
            assertEquals(Set.of(NODE2), awaitPeers(node1, NODE2), node1.output());
            assertEquals(Set.of(NODE1), awaitPeers(node2, NODE1), node2.output());
        }
    }

    /** Own data directory and free operator ports, so the test never touches ./data or a running node. */
    private Path override(String name) throws Exception {
        Path file = work.resolve("override" + name + ".yaml");
        Files.writeString(file, """
                p2p_data_dir: %s
                p2p_httpListenAddress: "127.0.0.1:0"
                p2p_grpcListenAddress: "127.0.0.1:0"
                """.formatted(work.resolve("data" + name)));
        return file;
    }

    private static Set<String> awaitPeers(ServerProcess node, String expected) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
        try {
            AtomicReference<Set<String>> ids = new AtomicReference<>(Set.of());
            Await.until(() -> "GetPeers to list " + expected + "; it lists " + ids.get() + "; node output:\n"
                    + node.output(), Duration.ofSeconds(60), () -> {
                ids.set(PeerServiceGrpc.newBlockingStub(channel).getPeers(Empty.getDefaultInstance()).getPeersList()
                        .stream().map(peer -> peer.getId()).collect(Collectors.toSet()));
                return ids.get().contains(expected);
            });
            return ids.get();
        } finally {
            channel.shutdownNow();
        }
    }
}
