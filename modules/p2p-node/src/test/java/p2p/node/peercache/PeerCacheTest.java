package p2p.node.peercache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/** {@code p2p_peers.json} (spec teranode-2026.md 1.1): format, 24 h ttl, merge, and what a bad file does. */
class PeerCacheTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");

    @TempDir
    Path dir;

    private static PeerId id() {
        return PeerId.fromPublicKey(Ed25519PrivKey.generate(RANDOM).publicKey());
    }

    private static CachedPeer peer(Instant seen) {
        return new CachedPeer(id(), "teranode-eu", List.of(Multiaddr.parse("/ip4/203.0.113.5/tcp/9905")), seen);
    }

    @Test
    void encodesTheBusFieldsAndRoundTrips() {
        CachedPeer p = peer(NOW);
        String json = PeerCacheCodec.encode(List.of(p));
        assertEquals("[{\"id\":\"" + p.id() + "\",\"name\":\"teranode-eu\",\"addrs\":[\"/ip4/203.0.113.5/tcp/9905\"],"
                + "\"last_seen\":\"2026-06-10T12:00:00Z\"}]", json);
        assertEquals(List.of(p), PeerCacheCodec.decode(json));
    }

    @Test
    void readsGoTimesWithOffsetsAndNanosAndSkipsBadEntriesAndAddresses() {
        PeerId good = id();
        String json = "[{\"id\":\"" + good + "\",\"name\":\"x\",\"addrs\":[\"/ip4/1.2.3.4/tcp/1\",\"/bogus\"],"
                + "\"last_seen\":\"2026-06-10T14:00:00.123456789+02:00\",\"extra\":[1,true,null,{\"a\":-1.5e3}]},"
                + "{\"id\":\"not-a-peer\",\"addrs\":[],\"last_seen\":\"2026-06-10T12:00:00Z\"},"
                + "{\"id\":\"" + id() + "\",\"addrs\":[],\"last_seen\":\"yesterday\"},"
                + "{\"addrs\":[]}]";
        List<CachedPeer> peers = PeerCacheCodec.decode(json);
        assertEquals(1, peers.size());
        assertEquals(good, peers.get(0).id());
        assertEquals(List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/1")), peers.get(0).addrs());
        assertEquals(Instant.parse("2026-06-10T12:00:00.123456789Z"), peers.get(0).lastSeen());
    }

    @Test
    void malformedJsonIsAProtocolException() {
        for (String bad : List.of("", "{}", "[", "[{]", "[{\"id\":}]", "[1]", "[\"a\"] x", "[{\"a\":\"\\q\"}]",
                "[".repeat(40) + "]".repeat(40), "[nul]")) {
            assertThrows(ProtocolException.class, () -> PeerCacheCodec.decode(bad), bad);
        }
    }

    @Test
    void loadKeepsOnlyPeersSeenWithinTwentyFourHoursNewestFirst() throws Exception {
        PeerCache cache = new PeerCache(dir, InstantSource.fixed(NOW));
        CachedPeer fresh = peer(NOW.minus(Duration.ofHours(1)));
        CachedPeer older = peer(NOW.minus(Duration.ofHours(23)));
        CachedPeer expired = peer(NOW.minus(Duration.ofHours(25)));
        Files.writeString(cache.file(), PeerCacheCodec.encode(List.of(older, expired, fresh)));
        assertEquals(List.of(fresh, older), cache.load());
    }

    @Test
    void saveMergesWithTheFileAndDropsExpiredEntries() throws Exception {
        PeerCache cache = new PeerCache(dir.resolve("sub"), InstantSource.fixed(NOW));
        CachedPeer first = peer(NOW.minus(Duration.ofHours(2)));
        cache.save(List.of(first, peer(NOW.minus(Duration.ofHours(30)))));
        CachedPeer again = new CachedPeer(first.id(), "", first.addrs(), NOW);
        CachedPeer other = peer(NOW);
        cache.save(List.of(again, other));
        assertEquals(2, cache.load().size());
        assertEquals(NOW, cache.load().stream().filter(p -> p.id().equals(first.id())).findFirst().orElseThrow()
                .lastSeen());
    }

    @Test
    void aMissingOrCorruptFileIsAnEmptyCache() throws Exception {
        PeerCache cache = new PeerCache(dir, InstantSource.fixed(NOW));
        assertEquals(List.of(), cache.load());
        Files.writeString(cache.file(), "{not json");
        assertEquals(List.of(), cache.load());
    }
}
