package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminApiKeyTest {
    @TempDir
    Path dataDir;

    @Test
    void configuredKeyWinsAndNothingIsWritten() {
        assertEquals("secret", AdminApiKey.resolve(Optional.of("secret"), dataDir));
        assertFalse(Files.exists(dataDir.resolve(AdminApiKey.FILE_NAME)));
    }

    @Test
    void generatedKeyIsKeptOwnerOnlyAndReusedAfterRestart() throws Exception {
        String first = AdminApiKey.resolve(Optional.empty(), dataDir.resolve("sub"));
        Path file = dataDir.resolve("sub").resolve(AdminApiKey.FILE_NAME);
        assertTrue(first.matches("[0-9a-f]{64}"), first);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first, AdminApiKey.resolve(Optional.empty(), dataDir.resolve("sub")));
    }

    @Test
    void emptyKeyFileIsAnErrorNamingTheFileAndSetting() throws Exception {
        Files.writeString(dataDir.resolve(AdminApiKey.FILE_NAME), "\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AdminApiKey.resolve(Optional.empty(), dataDir));
        assertTrue(e.getMessage().contains("grpc_admin_api_key"), e.getMessage());
        assertTrue(e.getMessage().contains(AdminApiKey.FILE_NAME), e.getMessage());
    }
}
