package p2p.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where p2p-testkit's harnesses live ({@code js/}, {@code browser/}, {@code go/}): the folder a system property names
 * (the parent pom sets {@code js.harness.dir}, {@code browser.harness.dir} and {@code go.harness.dir} for every
 * module's tests), else {@code modules/p2p-testkit/<folder>} found from the working directory upwards (a module's
 * directory, or the repository root for the benchmarks).
 */
public final class Harness {
    private Harness() {
    }

    /**
     * @param property the system property naming the folder, e.g. {@code js.harness.dir}
     * @param folder   the folder inside p2p-testkit, e.g. {@code js}
     * @throws IllegalStateException naming the property when neither is found
     */
    public static Path dir(String property, String folder) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("modules/p2p-testkit").resolve(folder);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find modules/p2p-testkit/" + folder + " above "
                + Path.of("").toAbsolutePath() + " (set -D" + property + ")");
    }
}
