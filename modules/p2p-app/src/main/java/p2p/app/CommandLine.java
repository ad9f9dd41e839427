package p2p.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code p2p-server}: {@code [--config FILE]...}. The shipped defaults file
 * ({@code <home>/config/application.yaml}, home from the {@code p2p.home} system property the launcher sets) is
 * read first when present; each {@code --config FILE} then overrides it, in order.
 */
record CommandLine(List<Path> configFiles, boolean help) {

    static CommandLine parse(String[] args) {
        List<Path> files = new ArrayList<>();
        String home = System.getProperty("p2p.home");
        if (home != null) {
            Path shipped = Path.of(home, "config", "application.yaml");
            if (Files.exists(shipped)) {
                files.add(shipped);
            }
        }
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") || arg.equals("-c")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--config needs a file name");
                }
                files.add(Path.of(args[++i]));
            } else if (arg.startsWith("--config=")) {
                files.add(Path.of(arg.substring("--config=".length())));
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "' (usage: p2p-server [--config FILE]...)");
            }
        }
        return new CommandLine(List.copyOf(files), help);
    }
}
