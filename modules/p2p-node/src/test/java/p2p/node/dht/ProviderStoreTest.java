package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

class ProviderStoreTest {
    private static final byte[] KEY = NamespaceCid.of("bitcoin/mainnet-block").multihash();
    private static final List<Multiaddr> ADDR = List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/9905"));

    private static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void recordsExpireAfterFortyEightHoursUnlessRenewed() {
        ManualClock clock = new ManualClock();
        ProviderStore store = new ProviderStore(clock);
        TestPeers peers = new TestPeers(21);
        PeerId a = peers.next();
        PeerId b = peers.next();
        store.add(KEY, a, ADDR);
        store.add(KEY, b, ADDR);
        clock.now = clock.now.plus(Duration.ofHours(47));
        store.add(KEY, b, List.of());
        assertEquals(List.of(a, b), store.get(KEY).stream().map(ProviderStore.Provider::peer).toList());
        assertEquals(ADDR, store.get(KEY).get(1).addresses());
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertEquals(List.of(b), store.get(KEY).stream().map(ProviderStore.Provider::peer).toList());
        assertEquals(1, store.expire());
        clock.now = clock.now.plus(Duration.ofHours(48));
        assertEquals(1, store.expire());
        assertEquals(0, store.keyCount());
    }

    @Test
    void boundsHoldUnderAFlood() {
        ProviderStore store = new ProviderStore(Duration.ofHours(48), 2, 3, InstantSource.system());
        TestPeers peers = new TestPeers(22);
        List<PeerId> ids = List.of(peers.next(), peers.next(), peers.next(), peers.next());
        ids.forEach(p -> store.add(KEY, p, ADDR));
        assertEquals(ids.subList(1, 4), store.get(KEY).stream().map(ProviderStore.Provider::peer).toList());
        assertTrue(store.add(new byte[] {1}, ids.get(0), ADDR));
        assertFalse(store.add(new byte[] {2}, ids.get(0), ADDR));
        assertEquals(2, store.keyCount());
    }
}
