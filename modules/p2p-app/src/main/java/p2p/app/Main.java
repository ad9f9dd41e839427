package p2p.app;

import java.util.List;
import java.util.Map;
import p2p.app.config.Settings;
import p2p.app.config.SettingsException;
import p2p.app.config.SettingsLoader;

/** Entry point of {@code p2p-server}: reads settings, starts the node, stops it on SIGTERM/SIGINT. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Settings settings;
        try {
            CommandLine cli = CommandLine.parse(args);
            if (cli.help()) {
                System.out.println("usage: p2p-server [--config FILE]...  (settings: config/application.yaml)");
                return;
            }
            settings = SettingsLoader.load(cli.configFiles(), Map.copyOf(System.getenv()));
        } catch (SettingsException | IllegalArgumentException e) {
            System.err.println("p2p-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("p2p-server settings loaded for " + settings.network() + " " + List.of());
    }
}
