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
import p2p.testkit.Harness;

/**
 * Builds the Go test peer ({@code modules/p2p-testkit/go}, see its README) with {@code go build} into
 * {@code modules/p2p-testkit/target/go-peer/go-peer}, once: a binary newer than every {@code .go} file, {@code go.mod}
 * and {@code go.sum} is reused. Test JVMs of several modules may ask at once; a file lock beside the binary makes one
 * build and the others wait for it. Module downloads come from the Go module proxy, pinned by the committed go.sum.
 */
final class GoBuild {
    /**
     * Which go-libp2p the peer is built against: {@code go.mod}'s v0.41.1 (Teranode at the spec's commit), or
     * {@code go2026.mod}'s v0.48.0 with go-libp2p-pubsub v0.15.0 and go-libp2p-kad-dht v0.39.1 (what
     * go-p2p-message-bus v0.1.17 pins, Teranode 2026). Same sources, another module file, another binary.
     */
    enum Flavour {
        SPEC_2025("go.mod", "go-peer"),
        TERANODE_2026("go2026.mod", "go-peer-2026");

        final String modFile;
        final String binaryName;

        Flavour(String modFile, String binaryName) {
            this.modFile = modFile;
            this.binaryName = binaryName;
        }
    }

    /** A fresh machine downloads the modules and compiles go-libp2p: 1.5 CPU minutes, 11 minutes under load ~20. */
    private static final long BUILD_TIMEOUT_MINUTES = 30;

    private static final java.util.Map<Flavour, Path> BUILT = new java.util.EnumMap<>(Flavour.class);

    private GoBuild() {
    }

    /** The Go peer's sources ({@link Harness#dir}: {@code go.harness.dir}, else {@code modules/p2p-testkit/go}). */
    static Path sourceDir() {
        return Harness.dir("go.harness.dir", "go");
    }

    static Path binary() {
        return binary(Flavour.SPEC_2025);
    }

    static Path binary(Flavour flavour) {
        return sourceDir().resolveSibling("target").resolve("go-peer").resolve(flavour.binaryName);
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
    static Path ensureBuilt() throws IOException, InterruptedException {
        return ensureBuilt(Flavour.SPEC_2025);
    }

    /** The built binary of {@code flavour}, building it first when it is missing or older than a source. */
    static synchronized Path ensureBuilt(Flavour flavour) throws IOException, InterruptedException {
        Path built = BUILT.get(flavour);
        if (built != null) {
            return built;
        }
        Path source = sourceDir();
        Path binary = binary(flavour);
        Files.createDirectories(binary.getParent());
        try (FileChannel lockFile = FileChannel.open(binary.resolveSibling(".build.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            if (!upToDate(source, binary)) {
                build(source, binary, flavour);
            }
        }
        BUILT.put(flavour, binary);
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
                boolean input = name.endsWith(".go") || name.endsWith(".mod") || name.endsWith(".sum");
                if (input && Files.getLastModifiedTime(f).compareTo(builtAt) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void build(Path source, Path binary, Flavour flavour) throws IOException, InterruptedException {
        Path log = binary.resolveSibling(flavour.binaryName + ".build.log");
        // -buildvcs=false: the sources sit in a git work tree (possibly a linked worktree) whose state is irrelevant.
        List<String> command = List.of("go", "build", "-buildvcs=false", "-modfile=" + flavour.modFile, "-o",
                binary.toString(), ".");
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
