package p2p.ban;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A ban-list Derby database created once per test JVM and copied for each test: creating a Derby database takes
 * seconds on a busy machine, copying its files (after a clean shutdown) takes milliseconds. Copies are real Derby
 * databases on disk with the {@code bans} table already made by {@link BanList#open}.
 */
final class DerbyTemplate {

    private static Path template;

    private DerbyTemplate() {
    }

    /** Copies the template database to {@code target} (which must not exist yet). */
    static synchronized void copyTo(Path target) {
        try {
            if (template == null) {
                Path parent = Files.createTempDirectory("ban-template");
                Path database = parent.resolve("bans");
                BanList.open(BanSettings.derby(database, 1, Duration.ofDays(1))).close();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(parent)));
                template = database;
            }
            try (Stream<Path> files = Files.walk(template)) {
                for (Path source : files.toList()) {
                    Files.copy(source, target.resolve(template.relativize(source).toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
