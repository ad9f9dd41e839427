package p2p.bench.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import p2p.bench.gossip.GossipBenchmark.Result;
import p2p.bench.gossip.GossipBenchmark.Scenario;
import p2p.bench.wire.WireBenchmark;
import p2p.testkit.go.GoPeer;

/**
 * The Go column of the benchmarks works as {@link WireBenchmark} and {@link GossipBenchmark} read it (the Go test
 * peer's bench.go; no speed is asserted here): its clock is the JVM's CLOCK_MONOTONIC, its sink and dial loop run over
 * the bench host, and a Go mesh delivers every message of a small burst to every other peer with a latency stamped
 * by that clock.
 */
@Tag("interop")
class GoBenchCommandsTest {
    private static final String PSK = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final Duration CALL = Duration.ofMinutes(2);
    private static final Map<String, Object> CONFIG = GoPeer.config("psk", PSK, "dht", false, "pubsub", false,
            "echo", false, "sink", false);

    @BeforeAll
    static void goInstalled() {
        assumeTrue(GoPeer.available(), "go is not installed (or -Dskip.go=true)");
    }

    @Test
    void goReadsTheJvmsMonotonicClock() throws Exception {
        try (GoPeer go = GoPeer.start(CONFIG)) {
            long before = System.nanoTime();
            long goNs = Long.parseLong((String) go.call(CALL, "cmd", "monotonicNs").get("ns"));
            long after = System.nanoTime();
            assertTrue(before <= goNs && goNs <= after,
                    "Go's CLOCK_MONOTONIC " + goNs + " is not between the JVM's readings " + before + " and " + after);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void sinkAndDialLoopRunBetweenBenchHosts() throws Exception {
        try (GoPeer server = GoPeer.start(CONFIG); GoPeer client = GoPeer.start(CONFIG)) {
            String target = ((List<String>) server.call(CALL, "cmd", "benchHost", "yamuxMaxWindow", 1 << 20)
                    .get("addrs")).get(0);
            client.call(CALL, "cmd", "benchHost", "yamuxMaxWindow", 1 << 20);
            // The Go side checks the count the sink answers and fails the command otherwise.
            Map<String, Object> sink = client.call(CALL, "cmd", "benchSink", "addr", target, "bytes", 3 << 20);
            assertTrue(((Number) sink.get("ms")).doubleValue() > 0, "sink reply: " + sink);
            client.call(CALL, "cmd", "benchHangUp", "addr", target);
            assertTrue(((Number) client.call(CALL, "cmd", "benchConnectLoop", "addr", target, "count", 5).get("ms"))
                    .doubleValue() > 0);
        }
    }

    @Test
    void benchCommandsNeedTheBenchHostAndNameWhatIsWrong() throws Exception {
        try (GoPeer go = GoPeer.start(CONFIG)) {
            Exception noHost = assertThrows(GoPeer.GoCommandException.class,
                    () -> go.call(CALL, "cmd", "benchCount"));
            assertTrue(noHost.getMessage().contains("benchHost first"), noHost.getMessage());
            Exception badSecurity = assertThrows(GoPeer.GoCommandException.class,
                    () -> go.call(CALL, "cmd", "benchHost", "security", "tls"));
            assertTrue(badSecurity.getMessage().contains("\"security\""), badSecurity.getMessage());
            go.call(CALL, "cmd", "benchHost");
            Exception noGossip = assertThrows(GoPeer.GoCommandException.class,
                    () -> go.call(CALL, "cmd", "benchSubscribe", "topic", "t"));
            assertTrue(noGossip.getMessage().contains("no gossipsub"), noGossip.getMessage());
            // The peer keeps serving after refused commands.
            assertEquals(0L, ((Number) go.call(CALL, "cmd", "benchCount").get("count")).longValue());
        }
    }

    @Test
    void aGoMeshDeliversEveryMessageOfABurstToEveryOtherPeer() throws Exception {
        int nodes = 3;
        int perNode = 5;
        try (ProcessMesh mesh = ProcessMesh.start(ProcessMesh.Side.go(PSK, 0), nodes, "bench/test")) {
            Result result = mesh.run(Scenario.burst("test", 256, perNode));
            assertEquals((long) perNode * nodes * (nodes - 1), result.expected());
            assertEquals(result.expected(), result.delivered());
            assertEquals(result.delivered(), result.latenciesUs().length);
            // Stamped and received with one clock: a latency is never negative.
            assertTrue(Arrays.stream(result.latenciesUs()).allMatch(l -> l >= 0),
                    Arrays.toString(result.latenciesUs()));
            assertTrue(result.cpuNs() > 0, "the Go processes' CPU time was not read");
        }
    }
}
