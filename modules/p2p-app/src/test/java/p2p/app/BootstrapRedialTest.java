package p2p.app;

import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.app.config.SettingsLoader;
import p2p.testkit.Await;
import p2p.web.pb.PeerServiceGrpc;

/**
 * A node whose bootstrap peer goes away dials it again when it returns, as it does static peers (Teranode dials its
 * bootstrap peers once: spec 14.2 #12). Two whole nodes in-process on embedded chains: the bootstrap peer is down
 * when the node starts, then comes up, then restarts on the same port with the same key.
 */
class BootstrapRedialTest {
    private static final Path SHIPPED = Path.of("../../config/application.yaml");
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Pattern PEER = Pattern.compile(" peer=(\\S+) ");

    @TempDir
    Path dir;

    private NodeApplication start(String name, int port, String bootstrap) throws Exception {
        Path yaml = Files.writeString(dir.resolve(name + ".yaml"), """
                network: regtest
                clientName: %s
                p2p_data_dir: %s
                p2p_listen_addresses: [127.0.0.1]
                p2p_port: %d
                p2p_httpListenAddress: "127.0.0.1:0"
                p2p_grpcListenAddress: "127.0.0.1:0"
                p2p_bootstrapAddresses: [%s]
                kafka_blocksConfig: memory://%s-blocks
                kafka_subtreesConfig: memory://%s-subtrees
                kafka_rejectedTxConfig: memory://%s-rejectedtx
                kafka_invalidBlocksConfig: memory://%s-invalid-blocks
                """.formatted(name, dir.resolve(name), port, bootstrap, name, name, name, name));
        return NodeApplication.start(SettingsLoader.load(List.of(SHIPPED, yaml), Map.of()));
    }

    private static String peerId(NodeApplication app) {
        Matcher m = PEER.matcher(app.readyLine());
        if (!m.find()) {
            throw new IllegalStateException("no peer id in " + app.readyLine());
        }
        return m.group(1);
    }

    /** Whether {@code app}'s GetPeers lists {@code peer} (the bootstrap node lists its dialler: no exclusion there). */
    private static boolean lists(NodeApplication app, String peer) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.grpcPort()).usePlaintext().build();
        try {
            return PeerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getPeers(Empty.getDefaultInstance()).getPeersList().stream()
                    .anyMatch(p -> p.getId().equals(peer));
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aBootstrapPeerDownAtStartOrRestartedIsDialledAgain() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // The bootstrap node's key is made first, so the node can name it before it listens.
        String bootstrapId = startAndStop("bootstrap", port);
        List<String> dialFailures = new CopyOnWriteArrayList<>();
        Logger dht = Logger.getLogger("p2p.node.dht");
        Level level = dht.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = record.getMessage();
                if (text != null && text.contains(bootstrapId)
                        && (text.contains("unreachable") || text.contains("failed"))) {
                    dialFailures.add(text);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        dht.setLevel(Level.FINE);
        dht.addHandler(capture);
        NodeApplication node = null;
        NodeApplication bootstrap = null;
        try {
            node = start("node", 0, "/ip4/127.0.0.1/tcp/" + port + "/p2p/" + bootstrapId);
            String nodeId = peerId(node);
            // Teranode dials a bootstrap peer once: down at that moment, it is never dialled again (spec 14.2 #12).
            Await.until("the first dial of the bootstrap peer failed", DEADLINE, () -> !dialFailures.isEmpty());
            bootstrap = start("bootstrap", port, "");
            NodeApplication up = bootstrap;
            Await.until("the node dialled its bootstrap peer once it came up", DEADLINE, () -> lists(up, nodeId));

            bootstrap.close(); // the node loses its only peer
            bootstrap = start("bootstrap", port, ""); // same data directory: same key, same port
            NodeApplication again = bootstrap;
            Await.until("the node dialled its restarted bootstrap peer", DEADLINE, () -> lists(again, nodeId));
        } finally {
            dht.removeHandler(capture);
            dht.setLevel(level);
            if (node != null) {
                node.close();
            }
            if (bootstrap != null) {
                bootstrap.close();
            }
        }
    }

    /** Starts and stops a node, leaving its key in its data directory; returns its peer id. */
    private String startAndStop(String name, int port) throws Exception {
        NodeApplication app = start(name, port, "");
        try {
            return peerId(app);
        } finally {
            app.close();
        }
    }
}
