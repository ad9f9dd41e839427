package p2p.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One KRaft server (broker and controller in one) as a child JVM running {@link TestBrokerMain} on the test class
 * path, for {@link TestBroker} and {@link TestCluster}: started, killed at once and started again on the same files.
 */
final class KraftProcess {
    private final Path properties;
    private final Path logDir;
    private final Path output;
    private final String clusterId;
    private final int heapMiB;
    private Process process; // guarded by this

    /** @param heapMiB the child JVM's maximum heap */
    KraftProcess(Path properties, Path logDir, Path output, String clusterId, int heapMiB) {
        this.properties = properties;
        this.logDir = logDir;
        this.output = output;
        this.clusterId = clusterId;
        this.heapMiB = heapMiB;
    }

    /** Starts the JVM (formatting the log directory on its first start); does not wait for it to answer. */
    synchronized void launch() {
        if (process != null) {
            throw new IllegalStateException("Kafka server " + properties + " is running");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms64m", "-Xmx" + heapMiB + "m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            command.add("-Djava.util.logging.config.file=" + logging);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TestBrokerMain.class.getName(),
                properties.toString(), clusterId, logDir.toString()));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the JVM at once (SIGKILL) and waits for it to be gone. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    synchronized boolean running() {
        return process != null;
    }

    /** Throws, with the end of its output, when the JVM has exited. */
    synchronized void checkAlive() {
        if (process != null && !process.isAlive()) {
            throw new IllegalStateException("Kafka server exited with " + process.exitValue() + ":\n" + outputTail());
        }
    }

    String outputTail() {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
