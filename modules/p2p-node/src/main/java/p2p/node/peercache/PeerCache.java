package p2p.node.peercache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.PeerId;

/**
 * {@code <p2p_peer_cache_dir>/p2p_peers.json} (spec teranode-2026.md 1.1): {@link #load} returns the peers seen within
 * {@link #TTL}; {@link #save} merges the peers connected now into the file and drops expired ones. The file is
 * replaced atomically, so a crash mid-write leaves the old one. A missing file is an empty cache; an unreadable or
 * corrupt one is logged with its path and treated as empty (the cache is an optimisation, never a reason not to start).
 */
public final class PeerCache {
    public static final String FILE_NAME = "p2p_peers.json";
    /** Entries older than this are neither dialled nor kept (go-p2p-message-bus's 24 h). */
    public static final Duration TTL = Duration.ofHours(24);
    private static final Logger LOG = Logger.getLogger(PeerCache.class.getName());

    private final Path file;
    private final InstantSource clock;

    public PeerCache(Path dir, InstantSource clock) {
        this.file = dir.resolve(FILE_NAME);
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** The cached peers seen within the ttl, newest first. */
    public List<CachedPeer> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<CachedPeer> all;
        try {
            if (Files.size(file) > PeerCacheCodec.MAX_BYTES) {
                throw new ProtocolException("larger than " + PeerCacheCodec.MAX_BYTES + " bytes");
            }
            all = PeerCacheCodec.decode(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | ProtocolException e) {
            LOG.warning(() -> "ignoring the peer cache " + file + " (p2p_peer_cache_dir): " + e.getMessage());
            return List.of();
        }
        Instant oldest = clock.instant().minus(TTL);
        return all.stream().filter(p -> p.lastSeen().isAfter(oldest))
                .sorted((a, b) -> b.lastSeen().compareTo(a.lastSeen())).toList();
    }

    /**
     * Writes {@code seenNow} (stamped now) over the unexpired entries already in the file.
     *
     * @throws IOException naming the file when it cannot be written
     */
    public synchronized void save(List<CachedPeer> seenNow) throws IOException {
        Map<PeerId, CachedPeer> merged = new LinkedHashMap<>();
        for (CachedPeer p : load()) {
            merged.put(p.id(), p);
        }
        for (CachedPeer p : seenNow) {
            merged.put(p.id(), p);
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.writeString(tmp, PeerCacheCodec.encode(new ArrayList<>(merged.values())), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException("cannot write the peer cache " + file + " (p2p_peer_cache_dir): " + e.getMessage(), e);
        }
    }
}
