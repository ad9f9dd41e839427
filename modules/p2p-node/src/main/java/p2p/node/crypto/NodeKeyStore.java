package p2p.node.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Where the node's Ed25519 identity comes from.
 *
 * <p>What Teranode does (bsv-blockchain/teranode, services/p2p/Server.go {@code NewServer}, read at commit
 * fb3d000cc): the setting {@code p2p_private_key} is decoded with {@code hex.DecodeString} and handed to go-libp2p's
 * {@code crypto.UnmarshalEd25519PrivateKey}, which takes the raw {@code ed25519.PrivateKey}: 64 bytes, the 32-byte
 * seed followed by the 32-byte public key (or the legacy 96-byte form with the public key twice; not the
 * protobuf-wrapped {@code MarshalPrivateKey} form). When the setting is empty Teranode reads {@code p2p.key} next to
 * its peer cache file; the file holds the same hex text (whitespace trimmed), and when it is missing a new key is
 * generated, {@code hex(seed || public)} written there with mode 0600. (The older code kept the key in the
 * blockchain service's state store; current Teranode uses the file.) This class does the same with
 * {@code <dataDir>/p2p.key}, so a Teranode key file can be copied over.
 *
 * <p>One deliberate difference: go-libp2p never checks that the public half belongs to the seed (a mismatched key
 * loads, then every signature it makes fails at the peers). Here such a key is refused at start with an error
 * naming its source.
 */
public final class NodeKeyStore {
    /** Name of the setting that carries the hex key. */
    public static final String SETTING = "p2p_private_key";
    /** Name of the key file inside the data directory. */
    public static final String KEY_FILE = "p2p.key";

    private NodeKeyStore() {
    }

    /**
     * The identity key: from {@code privateKeyHex} when present (and not blank), else from {@code dataDir/p2p.key},
     * else a new key written to that file (directory created if missing, file mode 0600 where POSIX).
     *
     * @throws IllegalArgumentException naming {@code p2p_private_key} or the key file when the hex or key is bad
     * @throws UncheckedIOException naming the file when it cannot be read or written
     */
    public static Ed25519PrivKey loadOrCreate(Optional<String> privateKeyHex, Path dataDir) {
        if (privateKeyHex.isPresent() && !privateKeyHex.get().isBlank()) {
            return decode(privateKeyHex.get(), SETTING);
        }
        Path file = dataDir.resolve(KEY_FILE);
        if (Files.exists(file)) {
            return read(file);
        }
        Ed25519PrivKey key = Ed25519PrivKey.generate(new SecureRandom());
        try {
            write(file, HexFormat.of().formatHex(key.raw()));
            return key;
        } catch (FileAlreadyExistsException e) {
            return read(file); // another process created it between the check and the move: use theirs
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the node key file " + file, e);
        }
    }

    /**
     * Writes {@code key} to {@code dataDir/p2p.key} (hex of the raw key, mode 0600 where POSIX), as
     * {@link #loadOrCreate} writes a new one, so a key obtained elsewhere (Teranode's blockchain state) is the file's
     * from then on. An existing file is left alone.
     *
     * @return true when the file was written, false when one was already there
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static boolean store(Ed25519PrivKey key, Path dataDir) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            write(file, HexFormat.of().formatHex(key.raw()));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the node key file " + file, e);
        }
    }

    /**
     * Decodes hex of the 64-byte raw Ed25519 key; {@code source} names the setting or file in errors.
     *
     * @throws IllegalArgumentException on bad hex, a wrong length or a public half not derived from the seed
     */
    public static Ed25519PrivKey decode(String hex, String source) {
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not valid hex: " + e.getMessage(), e);
        }
        try {
            return Ed25519PrivKey.fromRaw(raw);
        } catch (KeyFormatException e) {
            throw new IllegalArgumentException(source + " is not a raw Ed25519 private key (hex of 64 bytes: "
                    + "32-byte seed then 32-byte public key): " + e.getMessage(), e);
        }
    }

    private static Ed25519PrivKey read(Path file) {
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "key file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node key file " + file, e);
        }
    }

    /** Writes to a temporary file (0600 from creation, never readable by others) and moves it into place. */
    private static void write(Path file, String hex) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, KEY_FILE, ".tmp", attributes);
        try {
            Files.writeString(tmp, hex, StandardCharsets.US_ASCII);
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
