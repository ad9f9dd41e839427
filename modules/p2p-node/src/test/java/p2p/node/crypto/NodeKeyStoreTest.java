package p2p.node.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void hexSettingIsTheSeedFollowedByThePublicKey() {
        // The spec's Ed25519 private key vector: its Data is exactly Teranode's p2p_private_key layout.
        byte[] proto = KeysTest.spec("ed25519.private");
        String hex = HexFormat.of().formatHex(proto, 4, proto.length);
        Ed25519PrivKey key = NodeKeyStore.loadOrCreate(Optional.of(hex), dir);
        assertArrayEquals(KeysTest.spec("ed25519.public"), key.publicKey().marshal());
        assertEquals(KeysTest.SPEC.getProperty("ed25519.peerid.base58"), PeerId.fromPublicKey(key.publicKey()).toString());
        assertTrue(Files.notExists(dir.resolve(NodeKeyStore.KEY_FILE)), "a configured key writes no file");
    }

    @Test
    void withoutSettingAKeyFileIsCreatedWithOwnerOnlyPermissionsAndReused() throws IOException {
        Path dataDir = dir.resolve("nested/data");
        Ed25519PrivKey first = NodeKeyStore.loadOrCreate(Optional.empty(), dataDir);
        Path file = dataDir.resolve("p2p.key");
        assertEquals(HexFormat.of().formatHex(first.raw()), Files.readString(file, StandardCharsets.US_ASCII));
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
        Ed25519PrivKey second = NodeKeyStore.loadOrCreate(Optional.of("  "), dataDir);
        assertArrayEquals(first.raw(), second.raw());
        try (var files = Files.list(dataDir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void keyFileWithTrailingNewlineIsAccepted() throws IOException {
        Ed25519PrivKey key = Ed25519PrivKey.generate(new SecureRandom());
        Files.writeString(dir.resolve("p2p.key"), HexFormat.of().formatHex(key.raw()) + "\n");
        assertArrayEquals(key.raw(), NodeKeyStore.loadOrCreate(Optional.empty(), dir).raw());
    }

    @Test
    void badHexNamesTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeKeyStore.loadOrCreate(Optional.of("invalid-key"), dir));
        assertTrue(e.getMessage().contains("p2p_private_key"), e.getMessage());
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> NodeKeyStore.loadOrCreate(Optional.of("abcd"), dir));
        assertTrue(shortKey.getMessage().contains("p2p_private_key"), shortKey.getMessage());
        // Teranode's own test key: valid hex, 64 bytes, but the public half is not the seed's.
        String teranodeTestKey = "1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef"
                + "abcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890";
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> NodeKeyStore.loadOrCreate(Optional.of(teranodeTestKey), dir));
        assertTrue(mismatch.getMessage().contains("p2p_private_key"), mismatch.getMessage());
    }

    @Test
    void corruptKeyFileNamesTheFile() throws IOException {
        Files.writeString(dir.resolve("p2p.key"), "zz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeKeyStore.loadOrCreate(Optional.empty(), dir));
        assertTrue(e.getMessage().contains("p2p.key"), e.getMessage());
    }
}
