package p2p.bench.gossip;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import p2p.bench.BenchArgs;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.Psk;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.pubsub.GossipConfig;
import p2p.node.pubsub.Gossipsub;
import p2p.node.pubsub.PeerPenaltyListener;
import p2p.testkit.Await;

/**
 * Gossipsub benchmark: a full mesh of N Java nodes, of N go-libp2p nodes (the Go test peer of p2p-testkit, one
 * process each: go-libp2p-pubsub's gossipsub with its default parameters) and of N js-libp2p nodes
 * ({@code @libp2p/gossipsub}, one {@code node} process each), all over tcp + pnet + Noise + yamux on loopback with
 * StrictSign and flood publishing (Go's default; Java and js are configured so), printed side by side with Java/Go
 * and Java/js ratios.
 *
 * <p>Each message carries its send time (CLOCK_MONOTONIC nanoseconds, which {@code System.nanoTime}, node's
 * {@code process.hrtime} and the Go peer's {@code clock_gettime} all read on Linux, so processes compare their
 * clocks), so every delivery yields a publish-to-deliver latency. Two kinds of load, each with 256 B and 64 KiB
 * messages:
 * <ul>
 *   <li>paced: every node publishes one message every interval, far below every side's capacity: the latency
 *       figures are the network's, not queueing;</li>
 *   <li>burst: every node publishes its share back to back, each publish awaited (Java: until written to the
 *       peers' streams; Go: until validated and handed to pubsub's event loop; js: until handed to its stream
 *       queues): deliveries per second is the throughput.</li>
 * </ul>
 * Figures: deliveries per second (to subscribers other than the author, first publish to last delivery); CPU
 * milliseconds the side's processes used per 1,000 deliveries (the cost, whatever else the machine does; Java's
 * includes its JIT compiler, busiest in the first scenarios); p50 and p99 latency; delivered / expected (a
 * shortfall means messages were lost, e.g. dropped at a full outbound queue: go-libp2p-pubsub drops an RPC when a
 * peer's queue of 32 is full, a received message when its validation queue of 32 is, and the Go rows say how many).
 * Every side speaks gossipsub v1.2 among its own (IDONTWANT saves duplicate copies of messages of 1 KiB and more).
 *
 * <p>Run: {@code ./p2p bench gossip [--nodes 5] [--small 500] [--large 50] [--paced-seconds 5]}. {@code --small} and
 * {@code --large} are the messages each node publishes in the bursts; {@code --queue} the Java outbound queue bound
 * in frames (default: {@link GossipConfig#defaults()}); {@code --go-queue} the Go peers' outbound queue in RPCs
 * (default: go-libp2p-pubsub's 32); {@code --java-only} / {@code --go-only} / {@code --js-only} run one side.
 * Before the scenarios, Java runs one unmeasured mesh through a small and a large burst, so that its JIT compiler is
 * done before the paced runs (the Go and js processes start afresh for each scenario; the JVM does not);
 * {@code --no-jit-warmup} skips that.
 */
public final class GossipBenchmark {
    private static final String PSK_HEX = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final String TOPIC = "bench/gossip";
    /** 'GBNC', as in gossip-peer.mjs; then the send time (u64 ns) and the message index (u32). */
    private static final int MAGIC = 0x47424e43;
    private static final int HEADER_BYTES = 16;
    private static final Duration CALL = Duration.ofMinutes(5);
    private static final Duration STALL = Duration.ofSeconds(10);
    private static final int WARM_UP_MESSAGES = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private GossipBenchmark() {
    }

    /**
     * One measured load: every node publishes {@code perNode} messages of {@code size} bytes, back to back when
     * {@code intervalMs} is 0 (a burst: throughput), else one every {@code intervalMs} (a paced load well below
     * either side's capacity: latency without queueing).
     */
    record Scenario(String name, int size, int perNode, double intervalMs) {
        static Scenario burst(String name, int size, int perNode) {
            return new Scenario(name, size, perNode, 0);
        }

        long intervalNs() {
            return Math.round(intervalMs * 1e6);
        }
    }

    /** What one scenario measured on one side; {@code cpuNs} is the CPU time the side's processes used meanwhile. */
    record Result(long delivered, long expected, long elapsedNs, long[] latenciesUs, long cpuNs) {
        /** The side was not run. */
        static final Result NONE = new Result(0, 0, 0, new long[0], 0);

        /** CPU milliseconds spent per 1,000 deliveries: the cost, whatever else the machine was doing. */
        double cpuMsPerThousand() {
            return delivered == 0 ? Double.NaN : cpuNs / 1e6 / (delivered / 1000.0);
        }

        double perSecond() {
            return elapsedNs == 0 ? Double.NaN : delivered / (elapsedNs / 1e9);
        }

        double percentileMs(double q) {
            if (latenciesUs.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latenciesUs.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        int nodes = BenchArgs.intArg(args, "--nodes", 5);
        int small = BenchArgs.intArg(args, "--small", 500);
        int large = BenchArgs.intArg(args, "--large", 50);
        int queue = BenchArgs.intArg(args, "--queue", GossipConfig.defaults().maxOutboundQueue());
        int goQueue = BenchArgs.intArg(args, "--go-queue", 0);
        BenchArgs.Sides sides = BenchArgs.sides(args);
        if (nodes < 2) {
            throw new IllegalArgumentException("--nodes must be at least 2, got " + nodes);
        }
        BenchArgs.requireHarnesses(sides);
        int pacedSeconds = BenchArgs.intArg(args, "--paced-seconds", 5);
        // Paced rates well below what every side sustains here (js: about 1,000 small or 200 large deliveries/s).
        List<Scenario> scenarios = List.of(new Scenario("256 B 10/s/node", 256, 10 * pacedSeconds, 100),
                new Scenario("64 KiB 2/s/node", 64 << 10, 2 * pacedSeconds, 500),
                Scenario.burst("256 B x " + small + "/node", 256, small),
                Scenario.burst("64 KiB x " + large + "/node", 64 << 10, large));
        System.out.printf("gossip benchmark: %d nodes in a full mesh, tcp + pnet + noise + yamux on loopback, StrictSign,"
                + " flood publish, Java outbound queue %d frames, Go outbound queue %s RPCs%n", nodes, queue,
                goQueue > 0 ? String.valueOf(goQueue) : "32 (default)");
        System.out.println("load before: " + BenchArgs.uptime());

        if (sides.java() && !BenchArgs.flag(args, "--no-jit-warmup")) {
            // The JVM outlives the scenarios, the Go and js processes do not: compile Java's hot paths once before the
            // first scenario, or the JIT compiler shares the two cores with the paced runs measured first.
            try (JavaMesh mesh = JavaMesh.start(nodes, GossipConfig.defaults().withMaxOutboundQueue(queue))) {
                for (Scenario warmUp : List.of(Scenario.burst("JIT warm-up 256 B", 256, small),
                        Scenario.burst("JIT warm-up 64 KiB", 64 << 10, Math.max(1, large / 2)))) {
                    report("java", warmUp, mesh.run(warmUp));
                }
            }
        }
        // Every scenario on fresh meshes, after a short warm-up of their own: a backlog one side could not clear
        // must not spill into the next scenario (js-libp2p's pnet once ran out of WebAssembly memory that way).
        Map<Scenario, Result> java = new LinkedHashMap<>();
        Map<Scenario, Result> go = new LinkedHashMap<>();
        Map<Scenario, Result> js = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            if (sides.java()) {
                try (JavaMesh mesh = JavaMesh.start(nodes, GossipConfig.defaults().withMaxOutboundQueue(queue))) {
                    mesh.run(Scenario.burst("warm-up", 256, WARM_UP_MESSAGES));
                    java.put(s, report("java", s, mesh.run(s)));
                }
            }
            if (sides.go()) {
                go.put(s, runProcesses(ProcessMesh.Side.go(PSK_HEX, goQueue), nodes, s));
            }
            if (sides.js()) {
                js.put(s, runProcesses(ProcessMesh.Side.js(PSK_HEX), nodes, s));
            }
        }
        System.out.println("load after: " + BenchArgs.uptime());
        System.out.println();
        System.out.printf("%-20s %-30s %10s %10s %10s %9s %9s%n", "messages", "figure", "java", "go", "js",
                "java/go", "java/js");
        for (Scenario s : scenarios) {
            Result j = java.getOrDefault(s, Result.NONE);
            Result g = go.getOrDefault(s, Result.NONE);
            Result k = js.getOrDefault(s, Result.NONE);
            row(s.name(), "deliveries/s (higher better)", j.perSecond(), g.perSecond(), k.perSecond());
            row("", "CPU ms/1000 deliveries (lower)", j.cpuMsPerThousand(), g.cpuMsPerThousand(), k.cpuMsPerThousand());
            row("", "p50 latency ms (lower)", j.percentileMs(0.50), g.percentileMs(0.50), k.percentileMs(0.50));
            row("", "p99 latency ms (lower)", j.percentileMs(0.99), g.percentileMs(0.99), k.percentileMs(0.99));
            System.out.printf("%-20s %-30s %10s %10s %10s%n", "", "delivered / expected",
                    j.delivered() + "/" + j.expected(), g.delivered() + "/" + g.expected(),
                    k.delivered() + "/" + k.expected());
        }
    }

    /** One scenario on a fresh mesh of peer processes (Go or js), after its warm-up. */
    private static Result runProcesses(ProcessMesh.Side side, int nodes, Scenario s) throws Exception {
        try (ProcessMesh mesh = ProcessMesh.start(side, nodes, TOPIC)) {
            mesh.run(Scenario.burst("warm-up", 256, WARM_UP_MESSAGES));
            return report(side.name(), s, mesh.run(s));
        }
    }

    private static Result report(String side, Scenario s, Result r) {
        System.out.printf("  %-4s %-20s %8.0f deliveries/s  p50 %8.2f ms  p99 %8.2f ms  %d/%d delivered  %.1f CPU ms"
                + "/1000%n", side, s.name(), r.perSecond(), r.percentileMs(0.50), r.percentileMs(0.99), r.delivered(),
                r.expected(), r.cpuMsPerThousand());
        return r;
    }

    private static void row(String messages, String figure, double java, double go, double js) {
        System.out.printf("%-20s %-30s %10s %10s %10s %9s %9s%n", messages, figure, figure(java), figure(go),
                figure(js), BenchArgs.ratio(java, go), BenchArgs.ratio(java, js));
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "-" : value >= 100 ? String.format("%.0f", value) : String.format("%.2f", value);
    }

    /** A benchmark payload: magic, send time, index, zero padding. */
    private static byte[] payload(int size, int index) {
        byte[] data = new byte[Math.max(size, HEADER_BYTES)];
        ByteBuffer.wrap(data).putInt(MAGIC).putLong(System.nanoTime()).putInt(index);
        return data;
    }

    /**
     * Waits until {@code delivered} reaches {@code expected} or stops growing for {@link #STALL}; returns the
     * count reached.
     */
    static long awaitDeliveries(long expected, Counter delivered) throws Exception {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long now = delivered.count();
            if (now >= expected) {
                return now;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL.toNanos()) {
                return now;
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    interface Counter {
        long count() throws Exception;
    }

    /** Deliveries seen by one Java node during one scenario; written by that node's pubsub loop thread only. */
    private static final class Recorder {
        private final long[] latenciesUs;
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicLong extra = new AtomicLong();
        private volatile long lastNs;

        Recorder(int capacity) {
            this.latenciesUs = new long[capacity];
        }

        void record(byte[] data) {
            long now = System.nanoTime();
            ByteBuffer buf = ByteBuffer.wrap(data);
            if (data.length < HEADER_BYTES || buf.getInt() != MAGIC) {
                return;
            }
            int n = count.get();
            if (n >= latenciesUs.length) {
                extra.incrementAndGet();
                return;
            }
            latenciesUs[n] = (now - buf.getLong()) / 1000;
            lastNs = now;
            count.set(n + 1); // publishes the latency written above to the reading thread
        }
    }

    /** N Java nodes, each with gossipsub, connected pairwise. */
    private static final class JavaMesh implements AutoCloseable {
        private final List<P2PNode> nodes = new ArrayList<>();
        private final List<Gossipsub> gossips = new ArrayList<>();
        private final List<AtomicReference<Recorder>> recorders = new ArrayList<>();

        static JavaMesh start(int count, GossipConfig config) throws Exception {
            JavaMesh mesh = new JavaMesh();
            try {
                for (int i = 0; i < count; i++) {
                    P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                            .listen("/ip4/127.0.0.1/tcp/0").psk(Psk.fromHex(PSK_HEX)).agentVersion("java-bench")
                            .ioThreads(1).build());
                    mesh.nodes.add(node);
                    node.start().get(30, TimeUnit.SECONDS);
                    Gossipsub gossip = Gossipsub.start(node, config, PeerPenaltyListener.NONE);
                    mesh.gossips.add(gossip);
                    AtomicReference<Recorder> recorder = new AtomicReference<>(new Recorder(0));
                    mesh.recorders.add(recorder);
                    PeerId self = node.peerId();
                    gossip.router().setTopicHandler(TOPIC, (data, from) -> {
                        if (!from.equals(self)) {
                            recorder.get().record(data);
                        }
                    });
                    gossip.router().subscribe(TOPIC);
                }
                for (int i = 0; i < count; i++) {
                    for (int j = i + 1; j < count; j++) {
                        P2PNode target = mesh.nodes.get(j);
                        mesh.nodes.get(i).connect(target.listenAddresses().get(0).withPeerId(target.peerId().toBytes()))
                                .get(30, TimeUnit.SECONDS);
                    }
                }
                awaitCondition("the Java meshes to form", () -> {
                    for (Gossipsub g : mesh.gossips) {
                        if (g.router().meshPeers(TOPIC).join().size() < count - 1) {
                            return false;
                        }
                    }
                    return true;
                });
                return mesh;
            } catch (Exception | Error e) {
                mesh.close();
                throw e;
            }
        }

        Result run(Scenario s) throws Exception {
            int n = nodes.size();
            int perReceiver = s.perNode() * (n - 1);
            for (AtomicReference<Recorder> r : recorders) {
                r.set(new Recorder(perReceiver));
            }
            long expected = (long) perReceiver * n;
            long droppedBefore = gossips.stream().mapToLong(g -> g.router().counters().outboundDropped()).sum();
            long forwardedBefore = gossips.stream().mapToLong(g -> g.router().counters().forwarded()).sum();
            long savedBefore = gossips.stream().mapToLong(g -> g.router().counters().idontwantSaved()).sum();
            long cpuBefore = processCpuNs();
            long start = System.nanoTime();
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            for (Gossipsub node : gossips) {
                publishers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < s.perNode(); i++) {
                        long wait = start + i * s.intervalNs() - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        node.publish(TOPIC, payload(s.size(), i)).join();
                    }
                }, r -> Thread.ofPlatform().name("bench-publisher").start(r)));
            }
            long delivered = awaitDeliveries(expected, () -> recorders.stream().mapToLong(r -> r.get().count.get()).sum());
            CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(CALL.toSeconds(), TimeUnit.SECONDS);
            long cpu = processCpuNs() - cpuBefore;
            long last = recorders.stream().mapToLong(r -> r.get().lastNs).max().orElse(start);
            long extra = recorders.stream().mapToLong(r -> r.get().extra.get()).sum();
            if (extra > 0) {
                throw new IllegalStateException(extra + " deliveries beyond one per message and receiver in " + s);
            }
            long dropped = gossips.stream().mapToLong(g -> g.router().counters().outboundDropped()).sum();
            System.out.printf("  java %s: %d copies sent, %d saved by IDONTWANT%n", s.name(),
                    gossips.stream().mapToLong(g -> g.router().counters().forwarded()).sum() - forwardedBefore,
                    gossips.stream().mapToLong(g -> g.router().counters().idontwantSaved()).sum() - savedBefore);
            if (dropped > droppedBefore) {
                System.out.println("  java frames dropped at full outbound queues in " + s.name() + ": "
                        + (dropped - droppedBefore) + " (no IHAVE repair in a full mesh: every peer is a mesh peer)");
            }
            long[] latencies = recorders.stream()
                    .flatMapToLong(r -> Arrays.stream(r.get().latenciesUs, 0, r.get().count.get())).toArray();
            return new Result(delivered, expected, last - start, latencies, cpu);
        }

        /** CPU time of this JVM so far (the nodes, and the idle Maven threads around them). */
        private static long processCpuNs() {
            return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
        }

        @Override
        public void close() {
            gossips.forEach(Gossipsub::close);
            nodes.forEach(P2PNode::close);
        }
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    static void awaitCondition(String what, Condition condition) {
        Await.untilChecked(what, Duration.ofSeconds(60), condition::holds);
    }
}
