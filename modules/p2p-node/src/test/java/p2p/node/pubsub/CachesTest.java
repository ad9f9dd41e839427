package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;
import p2p.node.pubsub.pb.PubsubProto.Message;

/** The seen cache, the message cache windows and the backoff table. */
class CachesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final PeerId PEER = Ed25519Identity.fromSeed(4).id();

    private static ByteString id(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static Message message(String topic) {
        return Message.newBuilder().setTopic(topic).build();
    }

    @Test
    void seenIdsAreRememberedForTheirTtlOnly() {
        SeenCache seen = new SeenCache(Duration.ofMinutes(2));
        assertTrue(seen.add(id("a"), T0));
        assertFalse(seen.add(id("a"), T0.plusSeconds(1)), "duplicate");
        assertTrue(seen.add(id("b"), T0.plusSeconds(60)));

        seen.expire(T0.plusSeconds(119));
        assertTrue(seen.contains(id("a")));
        seen.expire(T0.plusSeconds(120));
        assertFalse(seen.contains(id("a")));
        assertTrue(seen.contains(id("b")));
        seen.expire(T0.plusSeconds(180));
        assertEquals(0, seen.size());
    }

    @Test
    void gossipCoversTheNewestWindowsAndRetrievalTheWholeHistory() {
        MessageCache cache = new MessageCache(5, 3);
        cache.put(id("m0"), message("t"));
        cache.put(id("other"), message("u"));
        for (int i = 1; i <= 3; i++) {
            cache.shift();
            cache.put(id("m" + i), message("t"));
        }
        assertEquals(List.of(id("m3"), id("m2"), id("m1")), cache.gossipIds("t"));
        assertEquals(List.of(), cache.gossipIds("u"), "older than the gossip windows");
        assertNotNull(cache.getForPeer(id("m0"), PEER, 3), "still within the history");

        cache.shift();
        cache.shift();
        assertNull(cache.getForPeer(id("m0"), PEER, 3), "left the history after 5 windows");
        assertNotNull(cache.getForPeer(id("m1"), PEER, 3));
    }

    @Test
    void retransmissionsArePerPeer() {
        MessageCache cache = new MessageCache(5, 3);
        cache.put(id("m"), message("t"));
        PeerId other = Ed25519Identity.fromSeed(5).id();
        assertNotNull(cache.getForPeer(id("m"), PEER, 1));
        assertNull(cache.getForPeer(id("m"), PEER, 1));
        assertNotNull(cache.getForPeer(id("m"), other, 1));
    }

    @Test
    void backoffKeepsTheLongestExpiryAndEnds() {
        BackoffTable backoff = new BackoffTable();
        backoff.set("t", PEER, T0.plusSeconds(60));
        backoff.set("t", PEER, T0.plusSeconds(10));
        assertTrue(backoff.isBackedOff("t", PEER, T0.plusSeconds(59)));
        assertFalse(backoff.isBackedOff("u", PEER, T0));
        assertFalse(backoff.isBackedOff("t", PEER, T0.plusSeconds(60)));
        backoff.expire(T0.plusSeconds(60));
        assertNull(backoff.expiry("t", PEER));
    }

    @Test
    void configRejectsInconsistentDegreesNamingThem() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new GossipConfig(6, 7, 12, 6, 0.25, Duration.ofSeconds(1), Duration.ofSeconds(60), 5, 3,
                        Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(10), 3, 10, 5000,
                        RpcCodec.DEFAULT_MAX_FRAME_BYTES, 256, true));
        assertTrue(e.getMessage().contains("dLo=7"), e.getMessage());
    }
}
