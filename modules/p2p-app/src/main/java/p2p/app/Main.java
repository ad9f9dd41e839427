package p2p.app;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.app.config.Settings;
import p2p.app.config.SettingsException;
import p2p.app.config.SettingsLoader;

/**
 * Entry point of {@code p2p-server}: reads settings, starts the node, prints one ready line, stops it on
 * SIGTERM/SIGINT. Exit codes: 2 bad settings, 3 a part failed to start.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings;
        try {
            CommandLine cli = CommandLine.parse(args);
            if (cli.help()) {
                System.out.println(CommandLine.USAGE);
                return;
            }
            settings = SettingsLoader.load(cli.sources(), Map.copyOf(System.getenv()));
        } catch (SettingsException | IllegalArgumentException e) {
            System.err.println("p2p-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        NodeApplication node;
        try {
            node = NodeApplication.start(settings);
        } catch (StartupException e) {
            LOG.log(Level.FINE, "start-up failed", e);
            System.err.println("p2p-server: " + e.getMessage());
            System.exit(3);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("p2p-server stopping");
            try {
                node.close();
                System.out.println("p2p-server stopped");
            } catch (RuntimeException e) {
                System.err.println("p2p-server: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "p2p-server-stop"));
        // Scripts and tests wait for this exact line; it carries the bound ports when the settings asked for 0.
        System.out.println(node.readyLine());
        stopped.await();
    }
}
