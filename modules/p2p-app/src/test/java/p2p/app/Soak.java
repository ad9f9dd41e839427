package p2p.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import p2p.chain.BlockHash;
import p2p.chain.pb.GetBlockHeaderResponse;
import p2p.chain.pb.ModelProto.NotificationType;
import p2p.common.json.JsonTree;
import p2p.testkit.Await;
import p2p.testkit.kafka.TestBroker;

/**
 * The soak (issue 18 item 5; not in CI): {@code --nodes} whole nodes ({@link AppNode}: settings, Kafka on one real
 * broker, gRPC, /p2p-ws) in this one JVM, each with a fake blockchain service, announcing {@code --rate} subtrees a
 * second between them for {@code --minutes}. Announcements go round the nodes in turn; each is gossiped to every
 * other node, which produces it to its Kafka subtrees topic and shows it on its WebSocket. Every minute it prints
 * what would show a leak or a slow-down: heap (now and after the last collection), live threads, open file
 * descriptors, and p50/p99/max gossip latency (the author's blockchain notification to each other node's WebSocket
 * frame, so it includes the gRPC notification, validation and the WebSocket hop) with deliveries and losses.
 *
 * <p>Topology: node 0 first, every later node with node 0 and its predecessor as static peers; discovery and
 * gossipsub make the mesh from there.
 *
 * <p>Run: {@code ./p2p soak [--minutes 30] [--nodes 8] [--rate 100]}.
 */
public final class Soak {
    private static final GetBlockHeaderResponse GENESIS = AppNode.header(0, 0);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long the last announcements get to arrive after the load stops. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = 30;
        int nodeCount = 8;
        double rate = 100;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--minutes" -> minutes = Integer.parseInt(require(args[i], value));
                case "--nodes" -> nodeCount = Integer.parseInt(require(args[i], value));
                case "--rate" -> rate = Double.parseDouble(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown soak argument '" + args[i]
                        + "': expected --minutes N, --nodes N, --rate MESSAGES_PER_SECOND");
            }
            i++;
        }
        if (minutes < 1 || nodeCount < 2 || rate <= 0) {
            throw new IllegalArgumentException("soak needs --minutes >= 1, --nodes >= 2 and --rate > 0");
        }
        new Run(minutes, nodeCount, rate).run();
    }

    private static String topicPrefix(int node) {
        return "soak-n" + node;
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    /** One soak run: start, load and report, stop. */
    private record Run(int minutes, int nodeCount, double rate) {
        void run() throws Exception {
            System.out.printf("soak: %d nodes, %.0f subtree announcements/s, %d minutes; started %s; %d CPUs,"
                    + " load average %s; java %s, max heap %d MiB%n", nodeCount, rate, minutes, Instant.now(),
                    Runtime.getRuntime().availableProcessors(), loadAverage(), Runtime.version(),
                    Runtime.getRuntime().maxMemory() >> 20);
            Path dir = Files.createTempDirectory("p2p-soak");
            SoakLatency latency = new SoakLatency();
            List<AppNode> nodes = new ArrayList<>();
            List<WebSocket> sockets = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            try (TestBroker broker = TestBroker.start()) {
                try {
                    startNodes(broker, dir, nodes);
                    for (AppNode node : nodes) {
                        sockets.add(http.newWebSocketBuilder()
                                .buildAsync(URI.create("ws://127.0.0.1:" + node.app.httpPort() + "/p2p-ws"),
                                        new Deliveries(node.peerId, latency))
                                .get(AppNode.DEADLINE.toSeconds(), TimeUnit.SECONDS));
                    }
                    for (AppNode node : nodes) {
                        AppNode.await(node.name + "'s WebSocket client attached", () -> node.metric("p2p_ws_clients") == 1);
                    }
                    SoakGauges.Reading start = SoakGauges.read();
                    System.out.printf("soak: mesh up at %s: heap %d MiB (after GC %d MiB), %d threads, %d fds%n",
                            Instant.now(), start.heapUsedMib(), start.heapAfterGcMib(), start.threads(), start.openFds());
                    load(nodes, latency);
                    double produced = 0;
                    for (int i = 0; i < nodes.size(); i++) {
                        produced += nodes.get(i).metric("p2p_kafka_produced_total", "url",
                                broker.url(topicPrefix(i) + "-subtrees?partitions=1"));
                    }
                    System.out.printf("soak: the nodes' Kafka producers acknowledged %.0f subtree messages"
                            + " (one per delivery)%n", produced);
                } finally {
                    sockets.forEach(WebSocket::abort);
                    http.shutdownNow();
                    for (AppNode node : nodes.reversed()) {
                        node.close();
                    }
                }
            }
        }

        private void startNodes(TestBroker broker, Path dir, List<AppNode> nodes) throws Exception {
            for (int i = 0; i < nodeCount; i++) {
                LinkedHashSet<String> peers = new LinkedHashSet<>();
                if (i > 0) {
                    peers.add(nodes.getFirst().multiaddr);
                    peers.add(nodes.get(i - 1).multiaddr);
                }
                nodes.add(AppNode.start("soak" + i, dir, broker, topicPrefix(i), GENESIS, List.copyOf(peers)));
            }
            String topic = AppNode.gossipTopic("subtree");
            for (AppNode node : nodes) {
                AppNode.await(node.name + " in the subtree mesh",
                        () -> node.metric("p2p_topic_peers", "topic", topic) >= Math.min(2, nodeCount - 1));
            }
        }

        /** Announces at {@code rate} until the time is up, reporting at the end of every minute. */
        private void load(List<AppNode> nodes, SoakLatency latency) {
            long period = (long) (1e9 / rate);
            long begin = System.nanoTime();
            long end = begin + TimeUnit.MINUTES.toNanos(minutes);
            long nextReport = begin + TimeUnit.MINUTES.toNanos(1);
            int minute = 0;
            Summary summary = new Summary();
            for (long k = 0; ; k++) {
                long due = begin + k * period;
                long now = System.nanoTime();
                if (due >= end) {
                    break;
                }
                if (now >= nextReport) {
                    minute++;
                    summary.add(report("minute " + minute, latency.drain()));
                    nextReport += TimeUnit.MINUTES.toNanos(1);
                }
                if (due > now) {
                    LockSupport.parkNanos(due - now); // pacing the load, not waiting for a result
                }
                AppNode author = nodes.get((int) (k % nodes.size()));
                byte[] raw = new byte[BlockHash.SIZE];
                RANDOM.nextBytes(raw);
                BlockHash hash = BlockHash.fromBytes(raw);
                latency.sent(hash.toDisplayHex(), nodes.size() - 1);
                author.chainNotifies(NotificationType.Subtree, hash);
            }
            // The last announcements are still on their way: give them a moment, then count what never came.
            Await.holdsWithin(SETTLE, () -> latency.pending() == 0);
            summary.add(report("minute " + (minute + 1), latency.drainAll()));
            summary.print();
        }

        private static Line report(String label, SoakLatency.Window w) {
            SoakGauges.Reading g = SoakGauges.read();
            Line line = new Line(w, g);
            System.out.printf("%-10s  %s  sent %6d  delivered %7d  missing %5d  latency ms p50 %7.1f p99 %7.1f"
                    + " max %7.1f  heap MiB %5d (after GC %5d)  threads %5d  fds %5d  load %s%n", label,
                    Instant.now().toString().substring(11, 19), w.sent(), w.delivered(), w.missing(), w.p50(), w.p99(),
                    w.max(), g.heapUsedMib(), g.heapAfterGcMib(), g.threads(), g.openFds(), loadAverage());
            return line;
        }
    }

    private record Line(SoakLatency.Window window, SoakGauges.Reading gauges) {
    }

    /** The run's ranges, printed at the end for the README. */
    private static final class Summary {
        private final List<Line> lines = new ArrayList<>();

        void add(Line line) {
            lines.add(line);
        }

        void print() {
            if (lines.isEmpty()) {
                return;
            }
            long sent = lines.stream().mapToLong(l -> l.window().sent()).sum();
            long delivered = lines.stream().mapToLong(l -> l.window().delivered()).sum();
            long missing = lines.stream().mapToLong(l -> l.window().missing()).sum();
            System.out.printf("soak: done at %s, load average %s: %d sent, %d delivered, %d missing;"
                    + " p50 %.1f-%.1f ms, p99 %.1f-%.1f ms, max %.1f ms; heap after GC %d-%d MiB; threads %d-%d;"
                    + " fds %d-%d (first minute to last: heap after GC %d -> %d MiB, threads %d -> %d, fds %d -> %d)%n",
                    Instant.now(), loadAverage(), sent, delivered, missing,
                    min(l -> l.window().p50()), max(l -> l.window().p50()),
                    min(l -> l.window().p99()), max(l -> l.window().p99()), max(l -> l.window().max()),
                    (long) min(l -> l.gauges().heapAfterGcMib()), (long) max(l -> l.gauges().heapAfterGcMib()),
                    (long) min(l -> l.gauges().threads()), (long) max(l -> l.gauges().threads()),
                    (long) min(l -> l.gauges().openFds()), (long) max(l -> l.gauges().openFds()),
                    lines.getFirst().gauges().heapAfterGcMib(), lines.getLast().gauges().heapAfterGcMib(),
                    lines.getFirst().gauges().threads(), lines.getLast().gauges().threads(),
                    lines.getFirst().gauges().openFds(), lines.getLast().gauges().openFds());
        }

        private double min(java.util.function.ToDoubleFunction<Line> f) {
            return lines.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        }

        private double max(java.util.function.ToDoubleFunction<Line> f) {
            return lines.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        }
    }

    /** A node's /p2p-ws frames: each subtree another node authored is one delivery. */
    private static final class Deliveries implements WebSocket.Listener {
        private final String ownPeerId;
        private final SoakLatency latency;
        private final StringBuilder partial = new StringBuilder();

        Deliveries(String ownPeerId, SoakLatency latency) {
            this.ownPeerId = ownPeerId;
            this.latency = latency;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Map<String, Object> frame = JsonTree.readObject(partial.toString(), "WebSocket frame");
                partial.setLength(0);
                if ("subtree".equals(frame.get("type")) && !ownPeerId.equals(frame.get("peer_id"))
                        && frame.get("hash") instanceof String hash) {
                    latency.delivered(hash);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "n/a";
        }
    }
}
