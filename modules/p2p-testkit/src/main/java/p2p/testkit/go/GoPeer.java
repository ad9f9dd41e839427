package p2p.testkit.go;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import p2p.common.json.JsonWriter;
import p2p.testkit.JsonLinesPeer;

/**
 * A go-libp2p peer in a child process: the Go test peer of {@code modules/p2p-testkit/go} (go-libp2p v0.41.1,
 * go-libp2p-pubsub v0.14.1, go-libp2p-kad-dht v0.33.1, configured as Teranode's P2PNode configures them), driven by
 * JSON lines through {@link JsonLinesPeer}. Its config keys, commands and events are listed in that folder's README;
 * commands it shares with the js harness take the same fields and answer in the same shape.
 *
 * <p>The binary is built on first use ({@link GoBuild}). Go interop needs Go 1.24+; {@code -Dskip.go=true} skips it.
 */
public final class GoPeer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Writing a vector file takes Go about a second; the bound is for a machine under load. */
    private static final Duration VECTORS_TIMEOUT = Duration.ofMinutes(2);

    private final JsonLinesPeer lines;

    private GoPeer(JsonLinesPeer lines) {
        this.lines = lines;
    }

    /**
     * Whether Go interop can run here: not skipped with {@code -Dskip.go=true}, and {@code go} installed. When Go is
     * installed the tests run, so a Go peer that does not build fails them instead of skipping them.
     */
    public static boolean available() {
        return !Boolean.getBoolean("skip.go") && GoBuild.goInstalled();
    }

    /** Builds the peer if needed and starts it with {@code config} (keys: the Go peer's README). */
    public static GoPeer start(Map<String, Object> config) throws IOException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder(GoBuild.ensureBuilt().toString(), JsonWriter.tree(config));
        return new GoPeer(JsonLinesPeer.start("go peer", command, START_TIMEOUT, GoCommandException::new));
    }

    /**
     * As {@link #start(Map)}, the binary run under {@code prefix}: e.g. {@code ip netns exec <namespace>}, so that the
     * peer lives on another host of the multi-host lab.
     */
    public static GoPeer start(List<String> prefix, Map<String, Object> config) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(prefix);
        command.add(GoBuild.ensureBuilt().toString());
        command.add(JsonWriter.tree(config));
        return new GoPeer(JsonLinesPeer.start("go peer", new ProcessBuilder(command), START_TIMEOUT,
                GoCommandException::new));
    }

    /**
     * Starts the same peer built against Teranode 2026's stack (go-libp2p v0.48.0, go2026.mod) with {@code config};
     * pass the {@code bus2026} key to configure the host as go-p2p-message-bus does (README, bus2026.go).
     */
    public static GoPeer start2026(Map<String, Object> config) throws IOException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder(GoBuild.ensureBuilt(GoBuild.Flavour.TERANODE_2026).toString(),
                JsonWriter.tree(config));
        return new GoPeer(JsonLinesPeer.start("go peer (2026)", command, START_TIMEOUT, GoCommandException::new));
    }

    /**
     * The JSON vector file the peer writes for {@code generation} ({@code 2025} or {@code 2026}; vectors.go): Go's
     * encoding/json verdict on each edge case and seeded mutation, over the peer's own message structs. The 2026 file
     * comes from the 2026 build, as its instructions say.
     */
    public static String vectors(String generation) throws IOException, InterruptedException {
        GoBuild.Flavour flavour = "2026".equals(generation) ? GoBuild.Flavour.TERANODE_2026 : GoBuild.Flavour.SPEC_2025;
        Process process = new ProcessBuilder(GoBuild.ensureBuilt(flavour).toString(), "vectors", generation)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(VECTORS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("go-peer vectors " + generation + " did not finish within " + VECTORS_TIMEOUT);
        }
        if (process.exitValue() != 0) {
            throw new IOException("go-peer vectors " + generation + " exited with " + process.exitValue()
                    + " (its error is on the test's stderr)");
        }
        return out;
    }

    public static Map<String, Object> config(Object... keyValues) {
        return JsonLinesPeer.config(keyValues);
    }

    public String peerId() {
        return lines.peerId();
    }

    /** The listen addresses with the {@code /p2p/} id, as the peer announced them when ready. */
    public List<String> addresses() {
        return lines.addresses();
    }

    /** The first listen address with the {@code /p2p/} id, for another peer to dial. */
    public String dialAddress() {
        return lines.dialAddress();
    }

    /** Runs a command; throws {@link GoCommandException} when the peer reports a failure. */
    public Map<String, Object> call(Duration timeout, Object... keyValues) throws InterruptedException, TimeoutException {
        return lines.call(timeout, keyValues);
    }

    /** Waits for an event matching {@code filter}; events that arrived earlier count. */
    public Map<String, Object> awaitEvent(Predicate<Map<String, Object>> filter, Duration timeout)
            throws InterruptedException, TimeoutException {
        return lines.awaitEvent(filter, timeout);
    }

    /** A copy of the events received so far, in arrival order. */
    public List<Map<String, Object>> eventsSoFar() {
        return lines.eventsSoFar();
    }

    /** The last lines the process wrote to stderr. */
    public String stderr() {
        return lines.stderr();
    }

    @Override
    public void close() throws InterruptedException {
        lines.close();
    }

    /** A command the Go peer answered with {@code ok: false}, or could not answer. */
    public static final class GoCommandException extends JsonLinesPeer.CommandException {
        public GoCommandException(String message) {
            super(message);
        }
    }
}
