package p2p.bench.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import p2p.bench.gossip.GossipBenchmark.Result;
import p2p.bench.gossip.GossipBenchmark.Scenario;
import p2p.testkit.go.GoPeer;
import p2p.testkit.js.JsGossipPeer;

/**
 * The other sides of {@link GossipBenchmark}: N gossipsub peers in processes of their own (js-libp2p's
 * {@code gossip-peer.mjs} or the Go test peer's bench host), connected pairwise and driven by JSON lines. Both speak
 * the same benchmark commands ({@code benchPublish}, {@code benchCount}, {@code benchStats}, {@code cpu}): each
 * process stamps its messages and timestamps its deliveries with CLOCK_MONOTONIC, so the figures come out as for the
 * Java mesh.
 */
final class ProcessMesh implements AutoCloseable {
    private static final Duration CALL = Duration.ofMinutes(5);

    /** One peer process as the mesh drives it. */
    interface Peer extends AutoCloseable {
        Map<String, Object> call(Duration timeout, Object... keyValues) throws InterruptedException, TimeoutException;

        String stderr();

        @Override
        void close() throws InterruptedException;
    }

    /** A started peer and the address other peers dial it at. */
    record Started(Peer peer, String dialAddress) {
    }

    /** How one side starts a peer and names its subscribe, mesh and dial commands. */
    record Side(String name, Starter starter, String subscribe, String mesh, String dial) {
        /** js-libp2p: {@code gossip-peer.mjs}, its own connection monitor off (see the harness README). */
        static Side js(String pskHex) {
            return new Side("js", () -> {
                JsGossipPeer p = JsGossipPeer.start(Map.of("psk", pskHex, "connectionMonitor", false));
                return new Started(adapt(p::call, p::stderr, p::close), p.dialAddress());
            }, "subscribe", "mesh", "dial");
        }

        /**
         * go-libp2p: the Go test peer's bench host (bench.go) with gossipsub's defaults and StrictSign over
         * tcp + the PSK + Noise + yamux; {@code outboundQueue} > 0 replaces Go's per-peer queue of 32 RPCs.
         */
        @SuppressWarnings("unchecked")
        static Side go(String pskHex, int outboundQueue) {
            return new Side("go", () -> {
                GoPeer p = GoPeer.start(GoPeer.config("psk", pskHex, "dht", false, "pubsub", false, "echo", false,
                        "sink", false));
                try {
                    Map<String, Object> host = p.call(CALL, "cmd", "benchHost", "security", "noise", "gossip", true,
                            "outboundQueue", outboundQueue);
                    return new Started(adapt(p::call, p::stderr, p::close), ((List<String>) host.get("addrs")).get(0));
                } catch (Exception | Error e) {
                    p.close();
                    throw e;
                }
            }, "benchSubscribe", "benchMesh", "benchDial");
        }
    }

    @FunctionalInterface
    interface Starter {
        Started start() throws Exception;
    }

    @FunctionalInterface
    private interface Call {
        Map<String, Object> call(Duration timeout, Object... keyValues) throws InterruptedException, TimeoutException;
    }

    @FunctionalInterface
    private interface Close {
        void close() throws InterruptedException;
    }

    private static Peer adapt(Call call, java.util.function.Supplier<String> stderr, Close close) {
        return new Peer() {
            @Override
            public Map<String, Object> call(Duration timeout, Object... keyValues)
                    throws InterruptedException, TimeoutException {
                return call.call(timeout, keyValues);
            }

            @Override
            public String stderr() {
                return stderr.get();
            }

            @Override
            public void close() throws InterruptedException {
                close.close();
            }
        };
    }

    private final Side side;
    private final String topic;
    private final List<Peer> peers = new ArrayList<>();

    private ProcessMesh(Side side, String topic) {
        this.side = side;
        this.topic = topic;
    }

    /** Starts {@code count} peers in parallel, subscribes each to {@code topic}, connects them pairwise. */
    static ProcessMesh start(Side side, int count, String topic) throws Exception {
        ProcessMesh mesh = new ProcessMesh(side, topic);
        try {
            List<CompletableFuture<Started>> starting = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                starting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return side.starter().start();
                    } catch (Exception e) {
                        throw new IllegalStateException(side.name() + " gossip peer did not start", e);
                    }
                }));
            }
            List<String> addresses = new ArrayList<>();
            Exception failed = null;
            for (CompletableFuture<Started> f : starting) {
                try {
                    Started s = f.get(CALL.toSeconds(), TimeUnit.SECONDS);
                    mesh.peers.add(s.peer());
                    addresses.add(s.dialAddress());
                } catch (Exception e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
            for (Peer p : mesh.peers) {
                p.call(CALL, "cmd", side.subscribe(), "topic", topic);
            }
            for (int i = 0; i < count; i++) {
                for (int j = i + 1; j < count; j++) {
                    mesh.peers.get(i).call(CALL, "cmd", side.dial(), "addr", addresses.get(j));
                }
            }
            GossipBenchmark.awaitCondition("the " + side.name() + " meshes to form", () -> {
                for (Peer p : mesh.peers) {
                    if (mesh.meshPeers(p).size() < count - 1) {
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

    private List<?> meshPeers(Peer p) throws Exception {
        return (List<?>) p.call(CALL, "cmd", side.mesh(), "topic", topic).get("peers");
    }

    Result run(Scenario s) throws Exception {
        int n = peers.size();
        long expected = (long) s.perNode() * (n - 1) * n;
        Losses before = new Losses();
        for (Peer p : peers) {
            before.add(p.call(CALL, "cmd", "benchStats"));
        }
        long cpuBefore = cpuNs();
        List<CompletableFuture<Map<String, Object>>> publishers = new ArrayList<>();
        for (Peer p : peers) {
            publishers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return p.call(CALL, "cmd", "benchPublish", "topic", topic, "count", s.perNode(),
                            "size", s.size(), "intervalMs", s.intervalMs());
                } catch (Exception e) {
                    throw new IllegalStateException("benchPublish failed in a " + side.name() + " peer", e);
                }
            }));
        }
        long start = Long.MAX_VALUE;
        for (CompletableFuture<Map<String, Object>> f : publishers) {
            start = Math.min(start, Long.parseLong((String) f.get(CALL.toSeconds(), TimeUnit.SECONDS).get("startNs")));
        }
        GossipBenchmark.awaitDeliveries(expected, () -> {
            long sum = 0;
            for (Peer p : peers) {
                sum += ((Number) p.call(CALL, "cmd", "benchCount").get("count")).longValue();
            }
            return sum;
        });
        long cpu = cpuNs() - cpuBefore;
        long delivered = 0;
        Losses after = new Losses();
        long last = start;
        List<Long> latencies = new ArrayList<>();
        List<Long> perPeer = new ArrayList<>();
        for (Peer p : peers) {
            Map<String, Object> stats = p.call(CALL, "cmd", "benchStats");
            long count = ((Number) stats.get("count")).longValue();
            perPeer.add(count);
            delivered += count;
            after.add(stats);
            if (count > 0) {
                last = Math.max(last, Long.parseLong((String) stats.get("lastNs")));
            }
            for (Object l : (List<?>) stats.get("latenciesUs")) {
                latencies.add(((Number) l).longValue());
            }
        }
        String losses = after.since(before);
        if (!losses.isEmpty()) {
            System.out.println("  " + side.name() + " losses in " + s.name() + ": " + losses);
        }
        if (delivered < expected) {
            System.out.println("  " + side.name() + " deliveries per node in " + s.name() + ": " + perPeer);
            for (Peer p : peers) {
                // A peer that left a mesh or wrote errors explains a shortfall the dropped RPCs do not.
                List<?> mesh = meshPeers(p);
                List<String> stderr = p.stderr().lines().limit(5).toList();
                if (mesh.size() < n - 1 || !stderr.isEmpty()) {
                    System.out.println("    mesh " + mesh + " stderr " + stderr);
                }
            }
        }
        return new Result(delivered, expected, last - start,
                latencies.stream().mapToLong(Long::longValue).toArray(), cpu);
    }

    /**
     * What the peers lost so far, summed: RPCs dropped at full outbound queues, messages refused by reason (e.g.
     * go-libp2p-pubsub's "validation queue full") and messages a full subscription buffer lost. The Go peer counts
     * them; js reports none.
     */
    private static final class Losses {
        private final Map<String, Long> counts = new TreeMap<>();

        void add(Map<String, Object> stats) {
            count("RPCs dropped at full outbound queues", stats.get("droppedRpcs"));
            count("undeliverable to a full subscription", stats.get("undeliverable"));
            if (stats.get("rejected") instanceof Map<?, ?> rejected) {
                rejected.forEach((reason, n) -> count("refused (" + reason + ")", n));
            }
        }

        private void count(String what, Object n) {
            if (n instanceof Number number && number.longValue() != 0) {
                counts.merge(what, number.longValue(), Long::sum);
            }
        }

        /** The counts that grew since {@code earlier}, as text; empty when none did. */
        String since(Losses earlier) {
            StringBuilder out = new StringBuilder();
            counts.forEach((what, n) -> {
                long grown = n - earlier.counts.getOrDefault(what, 0L);
                if (grown > 0) {
                    out.append(out.isEmpty() ? "" : ", ").append(grown).append(' ').append(what);
                }
            });
            return out.toString();
        }
    }

    /** CPU time of all the peer processes so far. */
    private long cpuNs() throws Exception {
        long sum = 0;
        for (Peer p : peers) {
            sum += ((Number) p.call(CALL, "cmd", "cpu").get("cpuUs")).longValue() * 1000;
        }
        return sum;
    }

    @Override
    public void close() throws InterruptedException {
        for (Peer p : peers) {
            p.close();
        }
    }
}
