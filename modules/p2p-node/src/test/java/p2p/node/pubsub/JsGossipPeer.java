package p2p.node.pubsub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
import p2p.node.interop.JsPeer;
import p2p.node.interop.Json;

/**
 * A js-libp2p gossipsub peer: a {@code node} process running {@code src/test/js/gossip-peer.mjs} (js-libp2p with
 * {@code @libp2p/gossipsub}, StrictSign), driven by JSON lines as documented at the top of that script.
 */
public final class JsGossipPeer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Writer stdin;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Map<String, Object>> ready = new CompletableFuture<>();
    /** Event lines in arrival order; guarded by itself. */
    private final List<Map<String, Object>> events = new ArrayList<>();
    /** Everything the process wrote to stderr, for failure messages; guarded by itself. */
    private final StringBuilder stderr = new StringBuilder();

    private JsGossipPeer(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("js-gossip-stdout").start(this::readStdout);
        Thread.ofPlatform().daemon().name("js-gossip-stderr").start(this::readStderr);
    }

    /** Whether the js harness can run here (node and the installed dependencies). */
    public static boolean available() {
        return JsPeer.available();
    }

    public static JsGossipPeer start(String pskHex) throws IOException, InterruptedException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("psk", pskHex);
        return start(config);
    }

    /** Starts a peer with the given gossip-peer.mjs config (keys as documented at the top of that script). */
    public static JsGossipPeer start(Map<String, Object> config) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("node", "gossip-peer.mjs", Json.write(config))
                .directory(JsPeer.harnessDir().toFile())
                .start();
        JsGossipPeer peer = new JsGossipPeer(process);
        try {
            peer.ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            peer.close();
            throw new IOException("js gossip peer did not start: " + e + "; stderr: " + peer.stderr(), e);
        }
        return peer;
    }

    public String peerId() {
        return (String) ready.join().get("peerId");
    }

    /** Runs a command; fails when the peer reports an error or does not answer in time. */
    public Map<String, Object> call(Duration timeout, Object... keyValues) throws InterruptedException, TimeoutException {
        Map<String, Object> cmd = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            cmd.put((String) keyValues[i], keyValues[i + 1]);
        }
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
                throw new IllegalStateException(cmd.get("cmd") + " failed in the js peer: " + result.get("error"));
            }
            return result;
        } catch (IOException | ExecutionException e) {
            throw new IllegalStateException("js peer unreachable: " + e + "; stderr: " + stderr(), e);
        } catch (TimeoutException e) {
            throw new TimeoutException(cmd + " got no reply within " + timeout + "; stderr: " + stderr());
        } finally {
            pending.remove(id);
        }
    }

    /** Waits for an event matching {@code filter}; events that arrived earlier count. */
    public Map<String, Object> awaitEvent(Predicate<Map<String, Object>> filter, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Map<String, Object> event : events) {
                    if (filter.test(event)) {
                        return event;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no matching js event within " + timeout + "; events: " + events
                            + "; stderr: " + stderr());
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** A copy of the events received so far, in arrival order. */
    public List<Map<String, Object>> eventsSoFar() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The first listen address with the peer id, for another peer to dial. */
    public String dialAddress() {
        String first = (String) ((List<?>) ready.join().get("addrs")).get(0);
        return first.contains("/p2p/") ? first : first + "/p2p/" + peerId();
    }

    /** Everything the process wrote to stderr so far (bounded). */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> msg;
                try {
                    msg = Json.parseObject(line);
                } catch (RuntimeException notJson) {
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
            // the process ended; pending calls fail below
        }
        IOException ended = new IOException("js gossip peer ended");
        ready.completeExceptionally(ended);
        pending.values().forEach(f -> f.completeExceptionally(ended));
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (stderr) {
                    if (stderr.length() < 20_000) {
                        stderr.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            synchronized (stdin) {
                stdin.write("{\"id\":0,\"cmd\":\"stop\"}\n");
                stdin.flush();
            }
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
