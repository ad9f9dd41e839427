package p2p.testkit.js;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A js-libp2p peer in a real {@code node} process running a script of the js-libp2p harness (p2p-node's
 * {@code src/test/js}, e.g. {@code peer.mjs}), driven by JSON lines: commands on its stdin, replies and events on its
 * stdout (the protocol is documented at the top of peer.mjs).
 */
public final class JsPeer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Writer stdin;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    /** Events in arrival order; guarded by itself. */
    private final List<Map<String, Object>> events = new ArrayList<>();
    /** The last stderr lines, for failure messages; guarded by itself. */
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final CompletableFuture<Map<String, Object>> ready = new CompletableFuture<>();

    private JsPeer(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("js-peer-stdout").start(this::readStdout);
        Thread.ofPlatform().daemon().name("js-peer-stderr").start(this::readStderr);
    }

    /**
     * Where the harness lives: the {@code js.harness.dir} property Maven sets (p2p-node's own, or
     * {@code ../p2p-node/src/test/js} in the modules after it), else relative to the working directory.
     */
    public static Path harnessDir() {
        return Path.of(System.getProperty("js.harness.dir", "src/test/js")).toAbsolutePath();
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
        Process process = new ProcessBuilder("node", script, Json.write(config))
                .directory(harnessDir().toFile())
                .start();
        JsPeer peer = new JsPeer(process);
        try {
            peer.ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            peer.close();
            throw new IOException("js peer " + script + " did not start: " + e + "; stderr: " + peer.stderr(), e);
        }
        return peer;
    }

    public static Map<String, Object> config(Object... keyValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    public String peerId() {
        return (String) ready.join().get("peerId");
    }

    /** The first listen address, with its {@code /p2p/} id, as multiaddr text. */
    @SuppressWarnings("unchecked")
    public String dialAddress() {
        return ((List<String>) ready.join().get("addrs")).get(0);
    }

    /** A copy of the events received so far, in arrival order. */
    public List<Map<String, Object>> eventsSoFar() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Runs a command and returns its reply; throws {@link JsCommandException} when the peer reports a failure. */
    public Map<String, Object> call(Duration timeout, Object... keyValues) throws InterruptedException, TimeoutException {
        Map<String, Object> cmd = config(keyValues);
        int id = nextId.getAndIncrement();
        cmd.put("id", id);
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (stdin) {
                stdin.write(Json.write(cmd) + "\n");
                stdin.flush();
            }
            Map<String, Object> result = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!Boolean.TRUE.equals(result.get("ok"))) {
                throw new JsCommandException(cmd.get("cmd") + " failed in the js peer: " + result.get("error"));
            }
            return result;
        } catch (IOException e) {
            throw new JsCommandException("cannot write to the js peer: " + e + "; stderr: " + stderr());
        } catch (ExecutionException e) {
            throw new JsCommandException("js peer ended: " + e.getCause() + "; stderr: " + stderr());
        } catch (TimeoutException e) {
            throw new TimeoutException(cmd + " got no reply within " + timeout + "; stderr: " + stderr());
        } finally {
            pending.remove(id);
        }
    }

    /** Waits for an event line matching {@code filter} (events already received count). */
    public Map<String, Object> awaitEvent(Predicate<Map<String, Object>> filter, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Map<String, Object> e : events) {
                    if (filter.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no matching js event within " + timeout + "; events: " + events);
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    public String stderr() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> msg;
                try {
                    msg = Json.parseObject(line);
                } catch (RuntimeException notJson) {
                    remember("stdout: " + line);
                    continue;
                }
                if (msg.containsKey("id")) {
                    CompletableFuture<Map<String, Object>> f = pending.get(((Number) msg.get("id")).intValue());
                    if (f != null) {
                        f.complete(msg);
                    }
                } else if ("ready".equals(msg.get("event"))) {
                    ready.complete(msg);
                } else {
                    synchronized (events) {
                        events.add(msg);
                        events.notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            remember("stdout read failed: " + e);
        }
        IOException ended = new IOException("js peer process ended (exit " + exitCode() + ")");
        ready.completeExceptionally(ended);
        pending.values().forEach(f -> f.completeExceptionally(ended));
    }

    private String exitCode() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                remember(line);
            }
        } catch (IOException e) {
            remember("stderr read failed: " + e);
        }
    }

    private void remember(String line) {
        synchronized (stderrTail) {
            stderrTail.addLast(line);
            while (stderrTail.size() > 40) {
                stderrTail.removeFirst();
            }
        }
    }

    /** Asks the peer to stop, then kills it if it has not exited within 5 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                synchronized (stdin) {
                    stdin.write("{\"id\":0,\"cmd\":\"stop\"}\n");
                    stdin.flush();
                }
            } catch (IOException alreadyGone) {
                // The process closed its stdin: it is exiting anyway.
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** A command the js peer answered with {@code ok: false}, or could not answer. */
    public static final class JsCommandException extends RuntimeException {
        public JsCommandException(String message) {
            super(message);
        }
    }
}
