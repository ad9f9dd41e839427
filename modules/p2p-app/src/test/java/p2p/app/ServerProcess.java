package p2p.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server ({@code target/bin/p2p-server}) run as an operator runs it: a child process with a config
 * file, read until it prints its ready line. Integration tests use it to prove what the README promises.
 */
final class ServerProcess implements AutoCloseable {
    /** {@code p2p-server ready: http=host:port grpc=host:port peer=<id> p2p=<multiaddr>...}, see {@link Main}. */
    private static final Pattern READY = Pattern.compile(
            "p2p-server ready: http=(\\S+):(\\d+) grpc=(\\S+):(\\d+) peer=(\\S+) p2p=(\\S*)");

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Matcher> ready = new CompletableFuture<>();
    private final Thread reader;

    private ServerProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readOutput, "p2p-server-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the packaged launcher with the given extra config files and waits up to 60 s for readiness. */
    static ServerProcess start(Path home, List<Path> configs, Map<String, String> env) throws Exception {
        return start(List.of(), home, configs, env);
    }

    /**
     * As above, the launcher run under {@code prefix} (e.g. {@code ip netns exec <ns>}, which execs it: the process is
     * the server's JVM itself); waits up to 120 s, as several nodes may start at once on a loaded machine.
     */
    static ServerProcess start(List<String> prefix, Path home, List<Path> configs, Map<String, String> env)
            throws Exception {
        Path launcher = home.resolve("bin/p2p-server");
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalStateException(launcher + " missing: run the package phase first");
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("bash", launcher.toString()));
        for (Path config : configs) {
            command.add("--config");
            command.add(config.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        ServerProcess server = new ServerProcess(builder.start());
        try {
            server.ready.get(prefix.isEmpty() ? 60 : 120, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.kill();
            throw new IllegalStateException("p2p-server did not become ready: " + e + "\n" + server.output(), e);
        }
        return server;
    }

    int httpPort() {
        return Integer.parseInt(ready.join().group(2));
    }

    int grpcPort() {
        return Integer.parseInt(ready.join().group(4));
    }

    String peerId() {
        return ready.join().group(5);
    }

    /** The first p2p listen multiaddr with the peer id appended, for static-peer configs of another node. */
    String p2pAddress() {
        String addrs = ready.join().group(6);
        return addrs.split(",")[0];
    }

    /** The server JVM's pid (the launcher execs it), for /proc/<pid>/status and /proc/<pid>/fd. */
    long pid() {
        return process.pid();
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook runs, exactly like a crash or an OOM kill. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(10_000);
    }

    /** SIGTERM and wait: the orderly stop path. Returns the exit code. */
    int stop() throws InterruptedException {
        // Through the handle: Process.destroy() also closes our end of the pipes, losing the last lines.
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000); // the last lines are still in the pipe when the process has exited
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                Matcher matcher = READY.matcher(line);
                if (matcher.find()) {
                    ready.complete(matcher);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("p2p-server exited before it was ready"));
    }
}
