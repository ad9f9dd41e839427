package p2p.testkit.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the child JVM that runs a real KRaft broker for the tests: formats the log directory on first
 * start, then runs {@code kafka.Kafka}. It halts when its standard input closes, so a test JVM that dies never
 * leaves a broker behind.
 */
public final class TestBrokerMain {

    private TestBrokerMain() {
    }

    /**
     * @param args server.properties path, cluster id, log directory
     * @throws IOException when the properties cannot be read
     */
    public static void main(String[] args) throws IOException {
        String properties = args[0];
        String clusterId = args[1];
        Path logDir = Path.of(args[2]);
        Thread.ofPlatform().daemon().name("parent-watch").start(TestBrokerMain::haltWhenParentGoes);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", properties},
                    new PrintStream(System.out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                System.err.println("storage format failed: " + rc);
                Runtime.getRuntime().halt(2);
            }
        }
        kafka.Kafka.main(new String[] {properties});
    }

    private static void haltWhenParentGoes() {
        InputStream in = System.in;
        try {
            while (in.read() >= 0) {
                // the parent never writes; read() returns -1 when it exits
            }
        } catch (IOException e) {
            // the pipe broke: the parent is gone as well
        }
        Runtime.getRuntime().halt(3);
    }
}
