package p2p.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bans committed by a JVM that is then killed with SIGKILL (no shutdown, no close) are there on the next open. */
class BanListCrashTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void bansSurviveAKilledProcess() throws Exception {
        Path database = dir.resolve("bans");
        Path childErrors = dir.resolve("child-stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                BanListChildProcess.class.getName(), database.toString(), "10.0.0.1", "2001:db8::/32", "192.168.0.0/16")
                .redirectError(childErrors.toFile())
                .start();
        try {
            awaitReady(child, childErrors);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: Derby gets no chance to shut down
            child.waitFor();
        }
        assertFalse(child.isAlive());

        try (BanList list = BanList.open(BanSettings.derby(database, 1000, Duration.ofDays(1)))) {
            assertEquals(List.of("10.0.0.1", "192.168.0.0/16", "2001:db8::/32"), list.listBanned());
            assertTrue(list.isBanned("192.168.44.1:8333"));
            assertTrue(list.isBanned("[2001:db8::7]:9905"));
        }
    }

    private static void awaitReady(Process child, Path childErrors) throws IOException {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("READY")) {
                    return;
                }
            }
        }
        fail("the child JVM ended before adding its bans:\n" + Files.readString(childErrors));
    }
}
