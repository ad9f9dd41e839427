package p2p.testkit.go;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the Go test peer ({@code modules/p2p-testkit/go}, see its README) with {@code go build} into
 * {@code modules/p2p-testkit/target/go-peer/go-peer}, once: a binary newer than every {@code .go} file, {@code go.mod}
 * and {@code go.sum} is reused. Test JVMs of several modules may ask at once; a file lock beside the binary makes one
 * build and the others wait for it. Module downloads come from the Go module proxy, pinned by the committed go.sum.
 */
final class GoBuild {
    /** A fresh machine downloads the modules and compiles go-libp2p: 1.5 CPU minutes, 11 minutes under load ~20. */
    private static final long BUILD_TIMEOUT_MINUTES = 30;

    private static Path built;

    private GoBuild() {
    }

    /**
     * The Go peer's sources: the {@code go.harness.dir} property, else {@code modules/p2p-testkit/go} found from the
     * working directory upwards (a module's directory, or the repository root for the benchmarks).
     */
    static Path sourceDir() {
        String configured = System.getProperty("go.harness.dir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("modules/p2p-testkit/go");
            if (Files.isRegularFile(candidate.resolve("go.mod"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find modules/p2p-testkit/go above " + Path.of("").toAbsolutePath()
                + " (set -Dgo.harness.dir)");
    }

    static Path binary() {
        return sourceDir().resolveSibling("target").resolve("go-peer").resolve("go-peer");
    }

    /** Whether a {@code go} command runs here. */
    static boolean goInstalled() {
        try {
            Process p = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The built binary, building it first when it is missing or older than a source. */
    static synchronized Path ensureBuilt() throws IOException, InterruptedException {
        if (built != null) {
            return built;
        }
        Path source = sourceDir();
        Path binary = binary();
        Files.createDirectories(binary.getParent());
        try (FileChannel lockFile = FileChannel.open(binary.resolveSibling(".build.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            if (!upToDate(source, binary)) {
                build(source, binary);
            }
        }
        built = binary;
        return binary;
    }

    private static boolean upToDate(Path source, Path binary) throws IOException {
        if (!Files.isExecutable(binary)) {
            return false;
        }
        FileTime builtAt = Files.getLastModifiedTime(binary);
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                boolean input = name.endsWith(".go") || name.equals("go.mod") || name.equals("go.sum");
                if (input && Files.getLastModifiedTime(f).compareTo(builtAt) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void build(Path source, Path binary) throws IOException, InterruptedException {
        Path log = binary.resolveSibling("build.log");
        // -buildvcs=false: the sources sit in a git work tree (possibly a linked worktree) whose state is irrelevant.
        List<String> command = List.of("go", "build", "-buildvcs=false", "-o", binary.toString(), ".");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(source.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run 'go' to build the Go test peer (Go 1.24 or newer is required; "
                    + "-Dskip.go=true skips the Go interop tests): " + e.getMessage(), e);
        }
        if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("go build of " + source + " did not finish within " + BUILD_TIMEOUT_MINUTES
                    + " minutes; output in " + log);
        }
        if (p.exitValue() != 0) {
            throw new IOException("go build of " + source + " failed (exit " + p.exitValue() + "):\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
