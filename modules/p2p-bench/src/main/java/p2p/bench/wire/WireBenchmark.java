package p2p.bench.wire;

import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import p2p.bench.BenchArgs;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.Psk;
import p2p.node.host.ConnectionLimits;
import p2p.node.host.MuxerSettings;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.host.TestProtocols;
import p2p.node.multiaddr.Multiaddr;
import p2p.testkit.go.GoPeer;
import p2p.testkit.js.JsPeer;

/**
 * Wire benchmark: the Java stack, go-libp2p and js-libp2p, each against itself on loopback over the same stack
 * (tcp + pnet + Noise + yamux), printed side by side with Java/Go and Java/js ratios.
 * <ul>
 *   <li>bulk throughput of one stream: the client streams N MiB to the server's {@code /test/sink/1.0.0}, which
 *       answers with the byte count once it read to EOF; timed from opening the stream to the answer;</li>
 *   <li>connection setups per second: dial, upgrade (pnet, Noise, yamux), close, one after another; a dial counts as
 *       done once upgraded (identify runs on after it on every side).</li>
 * </ul>
 * Java runs in one JVM (two nodes, one event loop each); Go and js in two processes each (the Go test peer of
 * p2p-testkit, on a bench host with Noise as its only security: go-libp2p's default order would have two Go peers
 * agree on TLS; and the js harness's {@code peer.mjs}). Each side warms up first. Go and js time their transfers
 * and loops themselves and answer with the milliseconds.
 *
 * <p>Run (from the repository root; needs go and node, and the harness's node_modules, which the build installs):
 * <pre>
 * ./p2p bench wire [--mib 16] [--rounds 3] [--connections 100]
 * </pre>
 * {@code --java-only}, {@code --go-only}, {@code --js-only} run one side (e.g. for profiling the Java stack).
 * {@code --window-mib} (default 4) caps the yamux stream window on every side alike: js-libp2p's pnet fails a transfer
 * once more than about 16 MiB queue under its muxer (its xsalsa20 WebAssembly memory cannot grow further), which its
 * default 16 MiB window allows. {@code --warmup-mib} (default 8) is the size of each side's warm-up transfer: on a
 * loaded machine the JIT needs far more than 8 MiB to settle, so the default rounds mix compilation into the Java
 * figure; every side gets the same. js-libp2p's pnet WebAssembly memory does not survive much more: after a 64 MiB
 * warm-up its rounds fail. {@code --warmup-connections} (default: as many as a round) are each side's warm-up
 * setups: with a tenth of a round, Java's handshake code was still being compiled in the measured rounds.
 */
public final class WireBenchmark {
    private static final String PSK_HEX = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final Duration CALL = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The Go peers' main hosts stay idle: the benchmark runs on the bench hosts they start on command. */
    private static final Map<String, Object> GO_CONFIG = GoPeer.config("psk", PSK_HEX, "dht", false, "pubsub", false,
            "echo", false, "sink", false);

    private WireBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mib = BenchArgs.intArg(args, "--mib", 16);
        int rounds = BenchArgs.intArg(args, "--rounds", 3);
        int connections = BenchArgs.intArg(args, "--connections", 100);
        int windowMib = BenchArgs.intArg(args, "--window-mib", 4);
        long warmup = (long) BenchArgs.intArg(args, "--warmup-mib", 8) << 20;
        int warmupConnections = BenchArgs.intArg(args, "--warmup-connections", connections);
        BenchArgs.Sides sides = BenchArgs.sides(args);
        BenchArgs.requireHarnesses(sides);
        long bytes = (long) mib << 20;
        System.out.printf("wire benchmark: tcp + pnet + noise + yamux on loopback, %d MiB per transfer, yamux window up"
                + " to %d MiB, best of %d rounds, %d sequential connection setups%n", mib, windowMib, rounds, connections);
        System.out.println("load before: " + BenchArgs.uptime());
        int window = windowMib << 20;
        Figures java = sides.java() ? java(bytes, warmup, rounds, connections, warmupConnections, window) : null;
        Figures go = sides.go() ? go(bytes, warmup, rounds, connections, warmupConnections, window) : null;
        Figures js = sides.js() ? js(bytes, warmup, rounds, connections, warmupConnections, window) : null;
        System.out.println("load after: " + BenchArgs.uptime());
        System.out.println();
        System.out.printf("%-38s %12s %12s %12s %14s %14s%n", "figure", "java<->java", "go<->go", "js<->js",
                "ratio java/go", "ratio java/js");
        row("bulk throughput, one stream (MiB/s)", java, go, js, Figures::throughput);
        row("connection setups per second", java, go, js, Figures::setups);
    }

    /** One side's figures (null: the side did not run); NaN where every round failed. */
    private record Figures(double throughput, double setups) {
    }

    private static Figures java(long bytes, long warmup, int rounds, int connections, int warmupConnections,
            int window) throws Exception {
        System.out.println("java<->java (two nodes in this JVM, one event loop each):");
        try (P2PNode server = javaNode(true, window); P2PNode client = javaNode(false, window)) {
            Multiaddr target = server.listenAddresses().get(0).withPeerId(server.peerId().toBytes());
            client.connect(target).get(30, TimeUnit.SECONDS);
            javaSink(client, server.peerId(), warmup); // warm-up
            double throughput = best(rounds, () -> mibPerSecond(bytes, javaSink(client, server.peerId(), bytes)));
            client.disconnect(server.peerId()).get(30, TimeUnit.SECONDS);
            javaConnectLoop(client, target, warmupConnections);
            double setups = best(rounds, () -> perSecond(connections, javaConnectLoop(client, target, connections)));
            return new Figures(throughput, setups);
        }
    }

    /**
     * go-libp2p against itself: two Go test peers (processes), each with a bench host of tcp + the PSK + Noise + yamux
     * (the Go peer's bench.go; go-libp2p's default order would agree on TLS between two Go peers).
     */
    private static Figures go(long bytes, long warmup, int rounds, int connections, int warmupConnections,
            int window) throws Exception {
        System.out.println("go<->go (two go-libp2p processes):");
        try (GoPeer server = GoPeer.start(GO_CONFIG); GoPeer client = GoPeer.start(GO_CONFIG)) {
            String target = goBenchHost(server, window);
            goBenchHost(client, window);
            goSink(client, server, target, warmup); // warm-up
            double throughput = best(rounds, () -> mibPerSecond(bytes, goSink(client, server, target, bytes)));
            client.call(CALL, "cmd", "benchHangUp", "addr", target);
            goConnectLoop(client, server, target, warmupConnections);
            double setups = best(rounds,
                    () -> perSecond(connections, goConnectLoop(client, server, target, connections)));
            return new Figures(throughput, setups);
        }
    }

    private static Figures js(long bytes, long warmup, int rounds, int connections, int warmupConnections,
            int window) throws Exception {
        System.out.println("js<->js (two node processes):");
        try (JsPeer server = JsPeer.start(JsPeer.config("psk", PSK_HEX, "agentVersion", "js-bench",
                     "yamuxMaxWindow", window));
             JsPeer client = JsPeer.start(JsPeer.config("psk", PSK_HEX, "agentVersion", "js-bench",
                     "yamuxMaxWindow", window))) {
            client.call(CALL, "cmd", "dial", "addr", server.dialAddress());
            best(1, () -> mibPerSecond(warmup, jsSink(client, server, warmup))); // warm-up
            double throughput = best(rounds, () -> mibPerSecond(bytes, jsSink(client, server, bytes)));
            client.call(CALL, "cmd", "hangUp", "peer", server.peerId());
            jsConnectLoop(client, server, warmupConnections);
            double setups = best(rounds, () -> perSecond(connections, jsConnectLoop(client, server, connections)));
            return new Figures(throughput, setups);
        }
    }

    private static void row(String name, Figures java, Figures go, Figures js, ToDoubleFunction<Figures> figure) {
        double j = java == null ? Double.NaN : figure.applyAsDouble(java);
        double g = go == null ? Double.NaN : figure.applyAsDouble(go);
        double k = js == null ? Double.NaN : figure.applyAsDouble(js);
        System.out.printf("%-38s %12s %12s %12s %14s %14s%n", name, figure(java, j), figure(go, g), figure(js, k),
                BenchArgs.ratio(j, g), BenchArgs.ratio(j, k));
    }

    private static String figure(Figures side, double value) {
        return side == null ? "-" : Double.isNaN(value) ? "failed" : String.format("%.1f", value);
    }

    private static P2PNode javaNode(boolean serve, int yamuxMaxWindow) throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0")
                .psk(Psk.fromHex(PSK_HEX))
                .agentVersion("java-bench")
                .limits(new ConnectionLimits(4096, 4096, Duration.ofSeconds(30)))
                .muxer(MuxerSettings.defaults().withMaxStreamWindow(yamuxMaxWindow))
                .ioThreads(1)
                .build());
        if (serve) {
            TestProtocols.serve(node);
        }
        node.start().get(10, TimeUnit.SECONDS);
        return node;
    }

    /** Streams {@code bytes} to the server's sink; returns the elapsed time. */
    private static Duration javaSink(P2PNode client, PeerId server, long bytes) throws Exception {
        byte[] chunk = new byte[TestProtocols.CHUNK];
        RANDOM.nextBytes(chunk);
        long start = System.nanoTime();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        Channel stream = client.newStream(server, TestProtocols.SINK, s -> TestProtocols.collect(s)
                .whenComplete((b, e) -> {
                    if (e != null) {
                        reply.completeExceptionally(e);
                    } else {
                        reply.complete(b);
                    }
                })).get(30, TimeUnit.SECONDS);
        long cpuStart = cpuNanos(false);
        long ioStart = cpuNanos(true);
        TestProtocols.sendRepeated(stream, chunk, bytes);
        String counted = new String(reply.get(5, TimeUnit.MINUTES), java.nio.charset.StandardCharsets.US_ASCII);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long cpu = cpuNanos(false) - cpuStart;
        long io = cpuNanos(true) - ioStart;
        double mib = bytes / 1048576.0;
        System.out.printf("    (CPU ms per MiB: %.1f in the event loops, %.1f in the process with JIT and GC; %.0f%% of"
                + " one core)%n", io / 1e6 / mib, cpu / 1e6 / mib, 100.0 * cpu / took.toNanos());
        if (Long.parseLong(counted) != bytes) {
            throw new IllegalStateException("sink counted " + counted + " of " + bytes + " bytes");
        }
        return took;
    }

    /**
     * CPU time (utime + stime, in clock ticks of 10 ms) from Linux's /proc: of the whole process (all threads, JIT and
     * GC included), or of the nodes' event loop threads only, the work of the stack itself; 0 elsewhere. On a shared
     * machine CPU per MiB is the figure that load does not skew, and the event loops' share is the one JIT warm-up
     * does not skew either.
     */
    private static long cpuNanos(boolean eventLoopsOnly) {
        try {
            if (!eventLoopsOnly) {
                return ticks(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat")));
            }
            long total = 0;
            try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                for (java.nio.file.Path task : tasks.toList()) {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("p2p-io")) {
                        total += ticks(stat);
                    }
                }
            }
            return total;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    private static Duration javaConnectLoop(P2PNode client, Multiaddr target, int count) throws Exception {
        PeerId server = PeerId.fromBytes(target.peerIdBytes().orElseThrow());
        long cpuStart = cpuNanos(false);
        long ioStart = cpuNanos(true);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            client.connect(target).get(30, TimeUnit.SECONDS);
            client.disconnect(server).get(30, TimeUnit.SECONDS);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("    (CPU ms per setup, both ends: %.2f in the event loops, %.2f in the process with JIT and"
                + " GC)%n", (cpuNanos(true) - ioStart) / 1e6 / count, (cpuNanos(false) - cpuStart) / 1e6 / count);
        return took;
    }

    /** Starts the Go peer's bench host (Noise only, the window capped as on the other sides); returns its address. */
    @SuppressWarnings("unchecked")
    private static String goBenchHost(GoPeer peer, int window) throws Exception {
        Map<String, Object> host = peer.call(CALL, "cmd", "benchHost", "security", "noise", "yamuxMaxWindow", window);
        return ((List<String>) host.get("addrs")).get(0);
    }

    /** One transfer to the Go server's sink, timed in the client; prints the CPU both Go processes used per MiB. */
    private static Duration goSink(GoPeer client, GoPeer server, String target, long bytes) throws Exception {
        long cpuBefore = goCpuMicros(client) + goCpuMicros(server);
        Duration took = millis(client.call(CALL, "cmd", "benchSink", "addr", target, "bytes", bytes));
        long cpu = goCpuMicros(client) + goCpuMicros(server) - cpuBefore;
        double mib = bytes / 1048576.0;
        System.out.printf("    (CPU ms per MiB: %.1f in the two processes; %.0f%% of one core)%n", cpu / 1e3 / mib,
                100.0 * cpu * 1e3 / took.toNanos());
        return took;
    }

    private static long goCpuMicros(GoPeer peer) throws Exception {
        return ((Number) peer.call(CALL, "cmd", "cpu").get("cpuUs")).longValue();
    }

    private static Duration goConnectLoop(GoPeer client, GoPeer server, String target, int count) throws Exception {
        long cpuBefore = goCpuMicros(client) + goCpuMicros(server);
        Duration took = millis(client.call(CALL, "cmd", "benchConnectLoop", "addr", target, "count", count));
        long cpu = goCpuMicros(client) + goCpuMicros(server) - cpuBefore;
        System.out.printf("    (CPU ms per setup, both ends: %.2f in the two processes)%n", cpu / 1e3 / count);
        return took;
    }

    private static Duration jsSink(JsPeer client, JsPeer server, long bytes) throws Exception {
        return millis(client.call(CALL, "cmd", "sink", "peer", server.peerId(), "bytes", bytes));
    }

    private static Duration jsConnectLoop(JsPeer client, JsPeer server, int count) throws Exception {
        return millis(client.call(CALL, "cmd", "connectLoop", "addr", server.dialAddress(),
                "count", count));
    }

    private static Duration millis(Map<String, Object> reply) {
        return Duration.ofNanos((long) (((Number) reply.get("ms")).doubleValue() * 1e6));
    }

    private static double mibPerSecond(long bytes, Duration took) {
        return bytes / (1024.0 * 1024.0) / (took.toNanos() / 1e9);
    }

    private static double perSecond(int count, Duration took) {
        return count / (took.toNanos() / 1e9);
    }

    private interface Measure {
        double run() throws Exception;
    }

    /**
     * The best of {@code rounds} measurements (higher is better), printed as they come. A failed round is reported
     * and left out (js-libp2p's pnet can abort a large transfer, see the class comment); NaN when all failed.
     */
    private static double best(int rounds, Measure measure) {
        List<String> shown = new ArrayList<>();
        double best = Double.NaN;
        for (int i = 0; i < rounds; i++) {
            try {
                double v = measure.run();
                shown.add(String.format("%.1f", v));
                best = Double.isNaN(best) ? v : Math.max(best, v);
            } catch (Exception e) {
                shown.add("failed (" + e.getMessage() + ")");
            }
        }
        System.out.println("  rounds: " + shown);
        return best;
    }
}
