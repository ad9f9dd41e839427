package p2p.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ban list on real embedded Derby files in a temporary directory, with a hand-moved clock. */
class BanListTest {

    private static final Instant START = Instant.parse("2025-07-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final List<BanList> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(BanList::close);
    }

    private BanList open(int maxEntries) {
        if (!Files.exists(dir.resolve("bans"))) {
            DerbyTemplate.copyTo(dir.resolve("bans"));
        }
        BanList list = BanList.open(BanSettings.derby(dir.resolve("bans"), maxEntries, DAY), clock);
        opened.add(list);
        return list;
    }

    private BanList reopen(BanList list, int maxEntries) {
        list.close();
        return open(maxEntries);
    }

    private Instant in(Duration duration) {
        return clock.instant().plus(duration);
    }

    private static BanEvent next(BlockingQueue<BanEvent> events) throws InterruptedException {
        BanEvent event = events.poll(30, TimeUnit.SECONDS);
        assertNotNull(event, "no ban event within the deadline");
        return event;
    }

    @Test
    void aNewDirectoryGetsADatabaseWithTheBansTable() {
        BanList list = BanList.open(BanSettings.derby(dir.resolve("fresh"), 10, DAY), clock);
        opened.add(list);
        assertEquals(0, list.size());
        list.add("10.0.0.1", in(DAY));
        list.close();
        BanList reopened = BanList.open(BanSettings.derby(dir.resolve("fresh"), 10, DAY), clock);
        opened.add(reopened);
        assertEquals(List.of("10.0.0.1"), reopened.listBanned(), "the existing table is kept");
    }

    @Test
    void addedIpIsBannedInEveryAddressForm() throws Exception {
        BanList list = open(100);
        BanEntry entry = list.add("10.0.0.1", in(DAY));
        assertEquals(new BanEntry("10.0.0.1", in(DAY), false), entry);
        assertTrue(list.isBanned("10.0.0.1"));
        assertTrue(list.isBanned("10.0.0.1:8333"));
        assertTrue(list.isBanned("::ffff:10.0.0.1"));
        assertTrue(list.isBanned("[::ffff:10.0.0.1]:9905"));
        assertTrue(list.isBanned(InetAddress.getByName("10.0.0.1")));
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        assertTrue(list.isBanned(Inet6Address.getByAddress(null, mapped, -1)), "an Inet6Address holding a mapped IPv4");
        assertFalse(list.isBanned("10.0.0.2"));
        assertFalse(list.isBanned("::a00:1"), "IPv4-compatible (not mapped) IPv6 is another address");
        assertFalse(list.isBanned((InetAddress) null));
    }

    @Test
    void ipv6AddressIsBannedWithAndWithoutPort() throws Exception {
        BanList list = open(100);
        assertEquals("2001:db8::1", list.add("2001:0DB8:0:0::1", in(DAY)).key());
        assertTrue(list.isBanned("2001:db8::1"));
        assertTrue(list.isBanned("[2001:db8::1]:9905"));
        assertTrue(list.isBanned(InetAddress.getByName("2001:db8:0:0:0:0:0:1")));
        assertFalse(list.isBanned("2001:db8::2"));
    }

    @Test
    void bannedSubnetBlocksEveryAddressInside() {
        BanList list = open(100);
        BanEntry v4 = list.add("192.168.7.9/16", in(DAY));
        BanEntry v6 = list.add("2001:db8:abcd::/48", in(DAY));
        assertEquals(new BanEntry("192.168.0.0/16", in(DAY), true), v4);
        assertEquals("2001:db8:abcd::/48", v6.key());
        assertTrue(list.isBanned("192.168.0.0"));
        assertTrue(list.isBanned("192.168.255.255:1"));
        assertFalse(list.isBanned("192.169.0.0"));
        assertFalse(list.isBanned("192.167.255.255"));
        assertTrue(list.isBanned("[2001:db8:abcd:ffff::7]:1"));
        assertFalse(list.isBanned("2001:db8:abce::1"));
    }

    @Test
    void zeroPrefixBansAWholeFamilyAndOnlyIt() {
        BanList list = open(100);
        list.add("0.0.0.0/0", in(DAY));
        assertTrue(list.isBanned("1.2.3.4"));
        assertTrue(list.isBanned("255.255.255.255:65535"));
        assertTrue(list.isBanned("::ffff:8.8.8.8"), "mapped addresses are IPv4");
        assertFalse(list.isBanned("2001:db8::1"));
        list.add("::/0", in(DAY));
        assertTrue(list.isBanned("2001:db8::1"));
        assertEquals(List.of("0.0.0.0/0", "::/0"), list.listBanned());
    }

    @Test
    void fullLengthPrefixesAreSingleAddresses() {
        BanList list = open(100);
        assertFalse(list.add("10.0.0.1/32", in(DAY)).subnet());
        assertFalse(list.add("2001:db8::1/128", in(DAY)).subnet());
        assertTrue(list.add("10.0.0.0/31", in(DAY)).subnet());
        assertEquals(List.of("10.0.0.0/31", "10.0.0.1", "2001:db8::1"), list.listBanned());
    }

    @Test
    void unparsableLookupsAreNotBanned() {
        BanList list = open(100);
        list.add("0.0.0.0/0", in(DAY));
        list.add("::/0", in(DAY));
        for (String text : List.of("", "garbage", "10.0.0.1:99999", "10.0.0.1:", "[2001:db8::1", "1.2.3",
                "1.2.3.4/8", "example.com:80", "::1%lo", "[10.0.0.1]:80", " 10.0.0.1")) {
            assertFalse(list.isBanned(text), text);
        }
        assertFalse(list.isBanned((String) null));
    }

    @Test
    void invalidTargetsThrowNamingTheInputAndStoreNothing() {
        BanList list = open(100);
        for (String target : List.of("garbage", "10.0.0.1/33", "2001:db8::/129", "10.0.0.1:99999", "", "10.0.0.256",
                "2001:db8::1:8333:")) {
            InvalidBanTargetException error = assertThrows(InvalidBanTargetException.class,
                    () -> list.add(target, in(DAY)));
            assertTrue(error.getMessage().contains("'" + target + "'"), error.getMessage());
            assertThrows(InvalidBanTargetException.class, () -> list.remove(target));
            assertThrows(InvalidBanTargetException.class,
                    () -> list.addAll(List.of("10.0.0.1", target), in(DAY)));
        }
        assertEquals(0, list.size());
        assertEquals(0, reopen(list, 100).size(), "nothing reached SQL either");
    }

    @Test
    void addingAgainReplacesTheExpiry() {
        BanList list = open(100);
        list.add("10.0.0.1", in(Duration.ofHours(1)));
        BanEntry replaced = list.add("10.0.0.1/32", in(Duration.ofHours(5)));
        assertEquals(in(Duration.ofHours(5)), replaced.expiresAt());
        assertEquals(List.of(replaced), list.entries());
        clock.advance(Duration.ofHours(2));
        assertTrue(list.isBanned("10.0.0.1"), "the first expiry no longer applies");
        assertEquals(List.of(replaced), reopen(list, 100).entries());
    }

    @Test
    void removeUnbansAndReportsWhetherThereWasAnEntry() {
        BanList list = open(100);
        list.add("10.0.0.1", in(DAY));
        list.add("10.1.0.0/16", in(DAY));
        assertTrue(list.remove("10.0.0.1/32"), "the /32 CIDR names the same entry");
        assertFalse(list.remove("10.0.0.1"));
        assertFalse(list.remove("10.1.0.0/17"), "only the exact block is removed");
        assertTrue(list.isBanned("10.1.2.3"));
        assertTrue(list.remove("10.1.255.255/16"));
        assertFalse(list.isBanned("10.1.2.3"));
        assertFalse(list.isBanned("10.0.0.1"));
        assertEquals(0, reopen(list, 100).size());
    }

    @Test
    void expiredEntriesAreNotBannedAndArePruned() {
        BanList list = open(100);
        list.add("10.0.0.1", in(Duration.ofHours(1)));
        list.add("10.0.0.0/24", in(Duration.ofMinutes(30)));
        list.add("2001:db8::/32", in(DAY));
        clock.advance(Duration.ofMinutes(30));
        assertTrue(list.isBanned("10.0.0.1"), "the IP entry still holds");
        assertFalse(list.isBanned("10.0.0.2"), "the subnet expired exactly now");
        clock.advance(Duration.ofMinutes(30));
        assertFalse(list.isBanned("10.0.0.1"));
        assertEquals(List.of("2001:db8::/32"), list.listBanned());
        assertEquals(1, list.size());
        assertEquals(2, list.pruneExpired());
        assertEquals(0, list.pruneExpired());
        assertFalse(list.remove("10.0.0.1"), "pruned");
        assertEquals(List.of("2001:db8::/32"), reopen(list, 100).listBanned());
    }

    @Test
    void expiredRowsAreDroppedWhenLoading() {
        BanList list = open(100);
        list.add("10.0.0.1", in(Duration.ofHours(1)));
        list.add("10.0.0.2", in(Duration.ofHours(3)));
        list.close();
        clock.advance(Duration.ofHours(2));
        BanList reopened = open(100);
        assertEquals(List.of("10.0.0.2"), reopened.listBanned());
        assertEquals(0, reopened.pruneExpired(), "deleted while loading");
    }

    @Test
    void bansSurviveCloseAndReopen() {
        BanList list = open(100);
        list.add("10.0.0.1", in(DAY));
        list.add("172.16.0.0/12", in(Duration.ofHours(3)));
        list.add("2001:db8::1", in(Duration.ofDays(7)));
        list.add("2001:db8:1::/48", Instant.MAX);
        List<BanEntry> before = list.entries();
        BanList reopened = reopen(list, 100);
        assertEquals(before, reopened.entries());
        assertTrue(reopened.isBanned("172.31.255.255"));
        assertTrue(reopened.isBanned("[2001:db8:1:2::3]:4"));
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), reopened.entries().get(2).expiresAt(),
                "an expiry beyond SQL timestamps is kept as the last second of year 9999");
    }

    @Test
    void clearRemovesEverythingAndAnnouncesEachEntry() throws Exception {
        BanList list = open(100);
        list.add("10.0.0.1", in(DAY));
        list.add("10.9.0.0/16", in(DAY));
        BlockingQueue<BanEvent> events = new LinkedBlockingQueue<>();
        BanSubscription subscription = list.subscribe(events::add);
        list.clear();
        assertEquals(new BanEvent(BanEvent.Action.REMOVE, "10.0.0.1", ""), next(events));
        assertEquals(new BanEvent(BanEvent.Action.REMOVE, "", "10.9.0.0/16"), next(events));
        subscription.close();
        assertEquals(0, list.size());
        assertFalse(list.isBanned("10.9.1.1"));
        assertEquals(0, reopen(list, 100).size());
    }

    @Test
    void subscribersGetEventsInOrderAndASlowOneBlocksNoOne() throws Exception {
        BanList list = open(100);
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<BanEvent> slow = new LinkedBlockingQueue<>();
        BlockingQueue<BanEvent> fast = new LinkedBlockingQueue<>();
        BanSubscription slowSubscription = list.subscribe(event -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slow.add(event);
        });
        BanSubscription fastSubscription = list.subscribe(fast::add);

        list.add("10.0.0.1", in(DAY));
        list.add("2001:db8::/32", in(DAY));
        list.remove("10.0.0.1");
        List<BanEvent> expected = List.of(
                new BanEvent(BanEvent.Action.ADD, "10.0.0.1", ""),
                new BanEvent(BanEvent.Action.ADD, "", "2001:db8::/32"),
                new BanEvent(BanEvent.Action.REMOVE, "10.0.0.1", ""));
        for (BanEvent event : expected) {
            assertEquals(event, next(fast), "the fast subscriber is served while the slow one is stuck");
        }
        assertTrue(slow.isEmpty());
        release.countDown();
        for (BanEvent event : expected) {
            assertEquals(event, next(slow));
        }

        slowSubscription.close();
        list.add("10.0.0.3", in(DAY));
        assertEquals(new BanEvent(BanEvent.Action.ADD, "10.0.0.3", ""), next(fast));
        assertNull(slow.poll(), "an unsubscribed listener is not offered later events");
        fastSubscription.close();
    }

    @Test
    void aFailingSubscriberKeepsReceivingLaterEvents() throws Exception {
        BanList list = open(100);
        BlockingQueue<BanEvent> seen = new LinkedBlockingQueue<>();
        list.subscribe(event -> {
            seen.add(event);
            throw new IllegalStateException("listener failure under test");
        });
        list.add("10.0.0.1", in(DAY));
        list.add("10.0.0.2", in(DAY));
        assertEquals("10.0.0.1", next(seen).ip());
        assertEquals("10.0.0.2", next(seen).ip());
    }

    @Test
    void whenFullTheSoonestExpiringEntryIsEvicted() throws Exception {
        BanList list = open(3);
        BlockingQueue<BanEvent> events = new LinkedBlockingQueue<>();
        list.subscribe(events::add);
        list.add("10.0.0.1", in(Duration.ofHours(3)));
        list.add("10.0.0.2", in(Duration.ofHours(1)));
        list.add("10.0.0.0/24", in(Duration.ofHours(2)));
        list.add("10.0.0.2", in(Duration.ofHours(1))); // replacing a key never evicts
        assertEquals(3, list.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(BanEvent.Action.ADD, next(events).action());
        }

        list.add("10.0.0.4", in(Duration.ofHours(4)));
        assertEquals(new BanEvent(BanEvent.Action.REMOVE, "10.0.0.2", ""), next(events));
        assertEquals(new BanEvent(BanEvent.Action.ADD, "10.0.0.4", ""), next(events));
        assertEquals(List.of("10.0.0.0/24", "10.0.0.1", "10.0.0.4"), list.listBanned());

        // A new entry that itself expires first still evicts the soonest existing one.
        list.add("10.0.0.5", in(Duration.ofMinutes(1)));
        assertEquals(List.of("10.0.0.1", "10.0.0.4", "10.0.0.5"), list.listBanned());

        // Expired entries make room before anything live is evicted.
        clock.advance(Duration.ofMinutes(1));
        list.add("10.0.0.6", in(DAY));
        assertEquals(List.of("10.0.0.1", "10.0.0.4", "10.0.0.6"), list.listBanned());
        assertEquals(List.of("10.0.0.1", "10.0.0.4", "10.0.0.6"), reopen(list, 3).listBanned());
    }

    @Test
    void reopeningWithASmallerCapacityKeepsTheLatestExpiring() {
        BanList list = open(10);
        for (int i = 1; i <= 5; i++) {
            list.add("10.0.0." + i, in(Duration.ofHours(i)));
        }
        BanList smaller = reopen(list, 2);
        assertEquals(List.of("10.0.0.4", "10.0.0.5"), smaller.listBanned());
        assertEquals(List.of("10.0.0.4", "10.0.0.5"), reopen(smaller, 10).listBanned(), "trimmed in SQL too");
    }

    @Test
    void addAllStoresEveryTargetOnce() {
        BanList list = open(100);
        List<BanEntry> entries = list.addAll(List.of("10.0.0.1", "::ffff:10.0.0.1", "2001:db8::/32"), in(DAY));
        assertEquals(List.of("10.0.0.1", "2001:db8::/32"), entries.stream().map(BanEntry::key).toList());
        assertEquals(2, reopen(list, 100).size());
    }

    @Test
    void defaultDurationApplies() {
        BanList list = open(100);
        assertEquals(in(DAY), list.add("10.0.0.1").expiresAt());
    }

    @Test
    void concurrentWritersAndReadersSeeEveryBan() throws Exception {
        BanList list = open(10_000);
        int writers = 4;
        int perWriter = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String ip = "10." + writer + ".0." + i;
                        list.add(ip, in(DAY));
                        assertTrue(list.isBanned(ip), "a completed add is visible at once");
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        assertFalse(list.isBanned("11.0.0." + (i % 250)));
                        list.entries();
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(writers * perWriter, list.size());
        assertEquals(writers * perWriter, reopen(list, 10_000).size());
    }

    @Test
    void aClosedListRefusesWrites() {
        BanList list = open(100);
        list.add("10.0.0.1", in(DAY));
        list.close();
        list.close();
        assertThrows(IllegalStateException.class, () -> list.add("10.0.0.2", in(DAY)));
        assertThrows(IllegalStateException.class, () -> list.remove("10.0.0.1"));
    }

    @Test
    void settingsErrorsNameTheSetting() {
        IllegalArgumentException max = assertThrows(IllegalArgumentException.class,
                () -> BanSettings.derby(dir, 0, DAY));
        assertTrue(max.getMessage().contains("p2p_ban_max_entries"), max.getMessage());
        IllegalArgumentException duration = assertThrows(IllegalArgumentException.class,
                () -> BanSettings.derby(dir, 1, Duration.ZERO));
        assertTrue(duration.getMessage().contains("p2p_ban_default_duration"), duration.getMessage());
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> BanList.open(new BanSettings("jdbc:mysql://db/bans", null, null, 1, DAY), clock));
        assertTrue(url.getMessage().contains("jdbc:mysql://db/bans"), url.getMessage());
    }

    @Test
    void derbyLogsThroughTheLoggerNotIntoTheWorkingDirectory() {
        open(1).add("10.0.0.1", in(DAY));
        assertEquals("p2p.ban.store.DerbyErrorLog.STREAM", System.getProperty("derby.stream.error.field"));
        assertFalse(Files.exists(Path.of(System.getProperty("user.dir"), "derby.log")));
    }
}
