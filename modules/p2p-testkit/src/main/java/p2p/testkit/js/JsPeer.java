package p2p.testkit.js;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import p2p.common.json.JsonWriter;
import p2p.testkit.Harness;
import p2p.testkit.JsonLinesPeer;

/**
 * A js-libp2p peer in a real {@code node} process running a script of the js-libp2p harness (p2p-node's
 * {@code modules/p2p-testkit/js}, e.g. {@code peer.mjs}), driven by JSON lines through {@link JsonLinesPeer} (the commands are
 * documented at the top of each script).
 */
public final class JsPeer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final JsonLinesPeer lines;

    private JsPeer(JsonLinesPeer lines) {
        this.lines = lines;
    }

    /** Where the harness lives ({@link Harness#dir}: {@code js.harness.dir}, else {@code modules/p2p-testkit/js}). */
    public static Path harnessDir() {
        return Harness.dir("js.harness.dir", "js");
    }

    /** Whether js interop can run here: not skipped, node installed, dependencies installed by the build. */
    public static boolean available() {
        if (Boolean.getBoolean("skip.js")) {
            return false;
        }
        if (!Files.isDirectory(harnessDir().resolve("node_modules/libp2p"))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts a peer. Config keys (see node.mjs): {@code listen} (list of multiaddrs), {@code psk} (64 hex chars),
     * {@code agentVersion}.
     */
    public static JsPeer start(Map<String, Object> config) throws IOException, InterruptedException {
        return start("peer.mjs", config);
    }

    /**
     * Starts {@code script} of the harness with {@code config}; any script speaking the same JSON-lines protocol
     * (a {@code ready} event, replies by {@code id}, other events) works, e.g. {@code gossip-peer.mjs}.
     */
    public static JsPeer start(String script, Map<String, Object> config) throws IOException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder("node", script, JsonWriter.tree(config)).directory(harnessDir().toFile());
        return new JsPeer(JsonLinesPeer.start("js peer", command, START_TIMEOUT, JsCommandException::new));
    }

    public static Map<String, Object> config(Object... keyValues) {
        return JsonLinesPeer.config(keyValues);
    }

    public String peerId() {
        return lines.peerId();
    }

    /** The first listen address, with its {@code /p2p/} id, as multiaddr text. */
    public String dialAddress() {
        return lines.dialAddress();
    }

    /** A copy of the events received so far, in arrival order. */
    public List<Map<String, Object>> eventsSoFar() {
        return lines.eventsSoFar();
    }

    /** Runs a command and returns its reply; throws {@link JsCommandException} when the peer reports a failure. */
    public Map<String, Object> call(Duration timeout, Object... keyValues) throws InterruptedException, TimeoutException {
        return lines.call(timeout, keyValues);
    }

    /** Waits for an event line matching {@code filter} (events already received count). */
    public Map<String, Object> awaitEvent(Predicate<Map<String, Object>> filter, Duration timeout)
            throws InterruptedException, TimeoutException {
        return lines.awaitEvent(filter, timeout);
    }

    public String stderr() {
        return lines.stderr();
    }

    /** Asks the peer to stop, then kills it if it has not exited within 5 s. */
    @Override
    public void close() throws InterruptedException {
        lines.close();
    }

    /** A command the js peer answered with {@code ok: false}, or could not answer. */
    public static final class JsCommandException extends JsonLinesPeer.CommandException {
        public JsCommandException(String message) {
            super(message);
        }
    }
}
