package p2p.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentAnnouncementsTest {
    private static final String HASH = "00000000000000000a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071";

    @Test
    void aRepeatedAnnouncementIsRefusedAfterItsFirstTime() {
        RecentAnnouncements recent = new RecentAnnouncements(10);
        assertTrue(recent.firstTime("block", HASH, "http://a/api/v1"));
        assertFalse(recent.firstTime("block", HASH, "http://a/api/v1"));
        assertFalse(recent.firstTime("block", HASH, "http://a/api/v1"));
    }

    @Test
    void anotherDataHubUrlOrKindIsANewAnnouncement() {
        RecentAnnouncements recent = new RecentAnnouncements(10);
        assertTrue(recent.firstTime("block", HASH, "http://a/api/v1"));
        assertTrue(recent.firstTime("block", HASH, "http://b/api/v1"));
        assertTrue(recent.firstTime("subtree", HASH, "http://a/api/v1"));
    }

    @Test
    void theOldestIsForgottenBeyondTheCapacity() {
        RecentAnnouncements recent = new RecentAnnouncements(2);
        assertTrue(recent.firstTime("block", "1", "u"));
        assertTrue(recent.firstTime("block", "2", "u"));
        assertTrue(recent.firstTime("block", "3", "u"));
        assertTrue(recent.firstTime("block", "1", "u"), "forgotten: the map stays bounded");
        assertFalse(recent.firstTime("block", "3", "u"));
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RecentAnnouncements(0));
    }
}
