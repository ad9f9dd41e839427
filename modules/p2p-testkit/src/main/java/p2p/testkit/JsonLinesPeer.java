package p2p.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
import java.util.function.Function;
import java.util.function.Predicate;
import p2p.common.json.JsonTree;
import p2p.common.json.JsonWriter;

/**
 * A peer in a child process driven by JSON lines, the protocol the js harness scripts (p2p-node's
 * {@code modules/p2p-testkit/js/driver.mjs}) and the Go peer ({@code modules/p2p-testkit/go/driver.go}) share: the process prints
 * {@code {"event":"ready","peerId":..,"addrs":[..]}} first, takes commands {@code {"id":n,"cmd":..}} on its stdin,
 * answers each with {@code {"id":n,"ok":true|false,...}} and prints everything else as events. {@code stop} ends it.
 * {@code JsPeer} and {@code GoPeer} are this driver with the process each starts.
 */
public final class JsonLinesPeer implements AutoCloseable {
    private final String label;
    private final Function<String, ? extends CommandException> failure;
    private final Process process;
    private final Writer stdin;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    /** Events in arrival order; guarded by itself. */
    private final List<Map<String, Object>> events = new ArrayList<>();
    /** The last stderr lines, for failure messages; guarded by itself. */
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final CompletableFuture<Map<String, Object>> ready = new CompletableFuture<>();

    private JsonLinesPeer(String label, Process process, Function<String, ? extends CommandException> failure) {
        this.label = label;
        this.failure = failure;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String thread = label.replace(' ', '-');
        Thread.ofPlatform().daemon().name(thread + "-stdout").start(this::readStdout);
        Thread.ofPlatform().daemon().name(thread + "-stderr").start(this::readStderr);
    }

    /**
     * Starts the process and waits up to {@code startTimeout} for its ready event.
     *
     * @param label   names the peer in failure messages, e.g. "js peer"
     * @param failure makes the exception a command answered with {@code ok: false} (or not answered) throws
     * @throws IOException when the process cannot start or does not announce itself ready in time
     */
    public static JsonLinesPeer start(String label, ProcessBuilder command, Duration startTimeout,
                                      Function<String, ? extends CommandException> failure)
            throws IOException, InterruptedException {
        JsonLinesPeer peer = new JsonLinesPeer(label, command.start(), failure);
        try {
            peer.ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            peer.close();
            List<String> words = command.command();
            throw new IOException(label + " (" + String.join(" ", words.subList(0, Math.min(2, words.size())))
                    + ") did not start: " + e + "; stderr: " + peer.stderr(), e);
        }
        return peer;
    }

    /** A map from alternating keys and values, in order: for configs and commands. */
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

    /** The listen addresses with their {@code /p2p/} id, as multiaddr text, as the ready event announced them. */
    @SuppressWarnings("unchecked")
    public List<String> addresses() {
        return List.copyOf((List<String>) ready.join().get("addrs"));
    }

    /** The first listen address, with its {@code /p2p/} id, as multiaddr text. */
    public String dialAddress() {
        return addresses().get(0);
    }

    /** A copy of the events received so far, in arrival order. */
    public List<Map<String, Object>> eventsSoFar() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Runs a command and returns its reply; throws the {@code failure} exception when the peer reports one. */
    public Map<String, Object> call(Duration timeout, Object... keyValues) throws InterruptedException, TimeoutException {
        Map<String, Object> cmd = config(keyValues);
        int id = nextId.getAndIncrement();
        cmd.put("id", id);
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (stdin) {
                stdin.write(JsonWriter.tree(cmd) + "\n");
                stdin.flush();
            }
            Map<String, Object> result = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!Boolean.TRUE.equals(result.get("ok"))) {
                throw failure.apply(cmd.get("cmd") + " failed in the " + label + ": " + result.get("error"));
            }
            return result;
        } catch (IOException e) {
            throw failure.apply("cannot write to the " + label + ": " + e + "; stderr: " + stderr());
        } catch (ExecutionException e) {
            throw failure.apply(label + " ended: " + e.getCause() + "; stderr: " + stderr());
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
                    throw new TimeoutException("no matching " + label + " event within " + timeout + "; events: " + events);
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** The last lines the process wrote to stderr (and stdout lines that were not JSON). */
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
                    msg = JsonTree.readObject(line, label + " line");
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
        IOException ended = new IOException(label + " process ended (exit " + exitCode() + ")");
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

    /** A command the peer answered with {@code ok: false}, or could not answer. */
    public static class CommandException extends RuntimeException {
        public CommandException(String message) {
            super(message);
        }
    }
}
