package p2p.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import p2p.app.config.SettingsLoader;

/**
 * The command line of {@code p2p-server}: {@code [--teranode-settings FILE [--context NAME]] [--config FILE]...}.
 * The shipped defaults file ({@code <home>/config/application.yaml}, home from the {@code p2p.home} system property
 * the launcher sets) is read first when present; a Teranode {@code settings.conf} overrides it; each
 * {@code --config FILE} then overrides both, in order.
 */
record CommandLine(Optional<Path> shipped, List<Path> configFiles, Optional<Path> teranodeSettings,
                   Optional<String> context, boolean help) {
    static final String USAGE = "usage: p2p-server [--teranode-settings settings.conf [--context NAME]]"
            + " [--config FILE]...  (settings: config/application.yaml)";

    static CommandLine parse(String[] args) {
        Optional<Path> shipped = Optional.empty();
        String home = System.getProperty("p2p.home");
        if (home != null && Files.exists(Path.of(home, "config", "application.yaml"))) {
            shipped = Optional.of(Path.of(home, "config", "application.yaml"));
        }
        List<Path> files = new ArrayList<>();
        Optional<Path> teranode = Optional.empty();
        Optional<String> context = Optional.empty();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") || arg.equals("-c")) {
                files.add(Path.of(value(args, ++i, "--config", "a file name")));
            } else if (arg.startsWith("--config=")) {
                files.add(Path.of(arg.substring("--config=".length())));
            } else if (arg.equals("--teranode-settings")) {
                teranode = Optional.of(Path.of(value(args, ++i, arg, "a file name (Teranode's settings.conf)")));
            } else if (arg.startsWith("--teranode-settings=")) {
                teranode = Optional.of(Path.of(arg.substring("--teranode-settings=".length())));
            } else if (arg.equals("--context")) {
                context = Optional.of(value(args, ++i, arg, "a settings context name (e.g. docker.m)"));
            } else if (arg.startsWith("--context=")) {
                context = Optional.of(arg.substring("--context=".length()));
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "' (" + USAGE + ")");
            }
        }
        if (context.isPresent() && teranode.isEmpty()) {
            throw new IllegalArgumentException("--context applies to --teranode-settings, which is missing");
        }
        return new CommandLine(shipped, List.copyOf(files), teranode, context, help);
    }

    /** The settings layers the command line names. */
    SettingsLoader.Sources sources() {
        return new SettingsLoader.Sources(shipped.map(List::of).orElse(List.of()), teranodeSettings, context,
                configFiles);
    }

    private static String value(String[] args, int i, String option, String what) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs " + what);
        }
        return args[i];
    }
}
