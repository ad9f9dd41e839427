package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/p2p-server in the runtime image's layout (README "Runtime image"): a start-up archive in cds/ is used only when
 * its stamp matches this home, jars and runtime; otherwise the server says so in one line and starts without it. The
 * image is laid out around the packaged build: runtime/ links to the JDK running the tests, lib/ to target/lib.
 */
class LauncherArchiveIT {
    private static final String FALLBACK = "p2p-server: start-up archive ";

    @TempDir
    Path work;

    private Path home;
    private Path archive;
    private Path config;

    @BeforeEach
    void layOutImage() throws Exception {
        home = work.resolve("image");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("cds"));
        Files.createSymbolicLink(home.resolve("runtime"), Path.of(System.getProperty("java.home")));
        Files.createSymbolicLink(home.resolve("lib"), Path.of("target/lib").toAbsolutePath());
        Files.copy(Path.of("target/bin/p2p-server"), home.resolve("bin/p2p-server"), StandardCopyOption.COPY_ATTRIBUTES);
        // The kind of archive the runtime makes: an AOT cache from JDK 25, a dynamic AppCDS archive before.
        archive = home.resolve(Runtime.version().feature() >= 25 ? "cds/p2p-server.aot" : "cds/p2p-server.jsa");
        Files.writeString(archive, "not an archive");
        config = work.resolve("it.yaml");
        Files.writeString(config, """
                p2p_data_dir: %s
                p2p_port: 0
                p2p_listen_addresses: [127.0.0.1]
                p2p_httpListenAddress: "127.0.0.1:0"
                p2p_grpcListenAddress: "127.0.0.1:0"
                """.formatted(work.resolve("data")));
    }

    @Test
    void archiveMadeElsewhereIsLeftOutWithOneLine() throws Exception {
        Files.writeString(archive.resolveSibling(archive.getFileName() + ".stamp"), "0\n");
        try (ServerProcess server = ServerProcess.start(home, List.of(config), Map.of())) {
            assertEquals(200, health(server), server.output());
            List<String> notes = server.output().lines().filter(line -> line.startsWith(FALLBACK)).toList();
            assertEquals(1, notes.size(), server.output());
            assertTrue(notes.get(0).contains(archive.toString()) && notes.get(0).contains("starting without it"),
                    notes.get(0));
        }
    }

    @Test
    void archiveStampedForThisImageIsUsedWithoutFallbackLine() throws Exception {
        Process stamp = new ProcessBuilder("bash", home.resolve("bin/p2p-server").toString(), "--archive-stamp")
                .redirectErrorStream(true).start();
        String value = new String(stamp.getInputStream().readAllBytes()).strip();
        assertTrue(stamp.waitFor(30, TimeUnit.SECONDS) && stamp.exitValue() == 0, value);
        assertTrue(value.matches("\\d+"), value);
        Files.writeString(archive.resolveSibling(archive.getFileName() + ".stamp"), value + "\n");
        // The JVM is handed the archive; this one is junk, which the JVM itself must survive (it starts without it).
        try (ServerProcess server = ServerProcess.start(home, List.of(config), Map.of())) {
            assertEquals(200, health(server), server.output());
            assertTrue(server.output().lines().noneMatch(line -> line.startsWith(FALLBACK)), server.output());
        }
    }

    private static int health(ServerProcess server) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
