package p2p.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The key the calls that change state require ({@code grpc_admin_api_key}; BanPeer, UnbanPeer, ClearBanned,
 * AddBanScore). Teranode leaves the admin rpcs unusable when no key is set; we never do: without a configured key one
 * is generated once and kept, owner-readable only, in {@code <p2p_data_dir>/admin-api-key}, so an operator can read
 * it and a restart keeps it.
 */
final class AdminApiKey {
    static final String FILE_NAME = "admin-api-key";

    private AdminApiKey() {
    }

    static String resolve(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return configured.get();
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return readExisting(file);
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = HexFormat.of().formatHex(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                return readExisting(file);
            } catch (UnsupportedOperationException noPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("grpc_admin_api_key is empty and " + file + " cannot be read or created: "
                    + e.getMessage(), e);
        }
    }

    private static String readExisting(Path file) throws IOException {
        String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (key.isEmpty()) {
            throw new IOException(file + " is empty; delete it to generate a new key or set grpc_admin_api_key");
        }
        return key;
    }
}
