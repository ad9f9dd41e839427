package p2p.ban;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

import p2p.ban.address.AddressIndex;
import p2p.ban.address.CidrBlock;
import p2p.ban.store.BanChangeListener;
import p2p.ban.store.BanStore;
import p2p.ban.store.StoredBan;
import p2p.common.ip.IpLiteral;

/**
 * The persistent list of banned IPs and subnets (spec section 5), kept in SQL and mirrored in memory.
 *
 * <p><b>Targets.</b> An entry is an IPv4 or IPv6 address, given bare or with a port ({@code 10.0.0.1:8333},
 * {@code [2001:db8::1]:8333}, as Teranode's alert service sends it: the port is dropped and the address banned,
 * where Teranode stores the text and never matches it), or a CIDR block. Keys are canonical and, as Teranode lists
 * them, bare for one address ({@code 10.0.0.1}, {@code 2001:db8::1}) and CIDR otherwise ({@code 10.1.2.3/8} is
 * stored as {@code 10.0.0.0/8}, IPv6 in RFC 5952 form). IPv4-mapped IPv6 addresses and blocks
 * ({@code ::ffff:10.0.0.1}) are the IPv4 ones. Invalid text throws {@link InvalidBanTargetException} naming it and
 * stores nothing.
 *
 * <p><b>Lookups</b> never touch SQL and never scan the list: {@link AddressIndex} probes one hash key per prefix
 * length in use (at most 33 for IPv4, 129 for IPv6), without locks or allocation. A write rebuilds the index of the
 * address family it touches (linear in the entries of that family, microseconds for ten thousand), which suits a
 * list read on every connection and message and written on each ban.
 *
 * <p><b>Expiry.</b> An entry whose expiry is not after the clock's now is not banned and is not listed. A ban whose
 * expiry is already past is accepted and stored as Teranode does (an RPC {@code setban} computed from a stale clock
 * must not fail), and is announced like any add; it simply bans nothing. Expired entries are deleted (from memory
 * and SQL) when loading, by {@link #pruneExpired()} and by every later write; expiry is not announced to
 * subscribers.
 *
 * <p><b>Table.</b> {@link BanStore} keeps Teranode's column layout; rows Teranode wrote are read with its keys
 * ({@code 10.0.0.1:8333}, {@code 10.0.0.5/24}) and rewritten under the canonical key on open. A row whose key does
 * not parse or that has no expiry is skipped with a warning and left in the table, as Teranode skips it.
 *
 * <p><b>Capacity</b> ({@code p2p_ban_max_entries}). When a new key would take the list past {@code maxEntries}
 * unexpired entries, the entry with the soonest expiry (the earliest key on a tie) is evicted, and subscribers get a
 * {@code REMOVE} event for it: the ban that would lapse first is the one given up. Replacing an existing key never
 * evicts.
 *
 * <p><b>Events.</b> Each add (including a replacement) publishes {@code ADD}; remove, clear and eviction publish
 * {@code REMOVE}. Every subscriber receives them asynchronously on its own thread, in order; a slow subscriber does
 * not hold up others or the writer.
 *
 * <p><b>Shared database.</b> On PostgreSQL several nodes may share one {@code bans} table (and Teranode's service
 * with them). A trigger on the table notifies every change, {@link BanChangeListener} hears it on a connection of
 * its own, and this list reloads the table and applies the difference: an entry another writer added or extended is
 * published as {@code ADD}, one it removed as {@code REMOVE}, so the node disconnects and refuses a peer banned on
 * another node within a notification's round trip. Entries beyond {@code maxEntries} that other writers added are
 * held until the next local write evicts them. Embedded Derby is one node's own and is never reloaded.
 *
 * <p><b>Concurrency.</b> Reads are lock-free; writes are serialised by one lock and reach SQL (in one transaction)
 * before memory, so a failed write leaves both unchanged.
 */
public final class BanList implements AutoCloseable {

    /** One entry as held in memory. */
    private record Held(CidrBlock block, String key, long expiresAtMillis) {
        BanEntry toEntry() {
            return new BanEntry(key, Instant.ofEpochMilli(expiresAtMillis), !block.isSingleAddress());
        }

        StoredBan toRow() {
            return new StoredBan(key, Instant.ofEpochMilli(expiresAtMillis), block.key());
        }

        BanEvent event(BanEvent.Action action) {
            return block.isSingleAddress()
                    ? new BanEvent(action, block.addressText(), "")
                    : new BanEvent(action, "", key);
        }
    }

    private static final Comparator<Held> SOONEST_EXPIRY_FIRST =
            Comparator.comparingLong(Held::expiresAtMillis).thenComparing(Held::key);
    /** Latest expiry kept: the end of year 9999, the range SQL timestamps hold in every database. */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final Logger LOG = Logger.getLogger(BanList.class.getName());

    private final BanStore store;
    private final Clock clock;
    private final BanSettings settings;
    private final AddressIndex index = new AddressIndex();
    private final BanEventBus events = new BanEventBus();
    private final ReentrantLock writeLock = new ReentrantLock();
    // Entries by key: read lock-free, written under writeLock.
    private final ConcurrentHashMap<String, Held> byKey = new ConcurrentHashMap<>();
    // The same entries, soonest expiry first: guarded by writeLock.
    private final TreeSet<Held> byExpiry = new TreeSet<>(SOONEST_EXPIRY_FIRST);
    private volatile boolean closed;
    /** Hears other writers of a shared PostgreSQL table; null on Derby. Set once in {@link #open}. */
    private volatile BanChangeListener changes;

    private BanList(BanStore store, BanSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** Opens (creating if needed) the ban table named by the settings and loads it into memory. */
    public static BanList open(BanSettings settings) {
        return open(settings, Clock.systemUTC());
    }

    /**
     * As {@link #open(BanSettings)}, judging expiry by {@code clock}. Every row is read into memory; expired rows are
     * deleted, and when there are more rows than {@code maxEntries} the soonest-expiring ones are deleted too.
     *
     * Rows Teranode wrote under another spelling of the key are rewritten under the canonical key.
     */
    public static BanList open(BanSettings settings, Clock clock) {
        if (settings == null || clock == null) {
            throw new IllegalArgumentException("ban list settings and clock are required");
        }
        BanStore store = BanStore.open(settings.jdbcUrl(), settings.username(), settings.password());
        BanList list = new BanList(store, settings, clock);
        try {
            list.load();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        if (store.sharedDatabase()) {
            list.changes = BanChangeListener.start(settings.jdbcUrl(), settings.username(), settings.password(),
                    list::reload);
        }
        return list;
    }

    /** True when {@code ipOrIpPort} (an IPv4/IPv6 literal, optionally {@code ip:port} or {@code [ip6]:port}) is covered by an unexpired entry; invalid input is false. */
    public boolean isBanned(String ipOrIpPort) {
        byte[] address = IpLiteral.parseHostPort(ipOrIpPort);
        return address != null && index.contains(IpLiteral.unmapIpv4(address), clock.millis());
    }

    /** True when the address is covered by an unexpired IP or subnet entry. */
    public boolean isBanned(InetAddress address) {
        return address != null && index.contains(IpLiteral.unmapIpv4(address.getAddress()), clock.millis());
    }

    /**
     * Adds or replaces (upsert) an IP, {@code ip:port} or CIDR entry until {@code until} (a past instant is stored and
     * bans nothing); invalid input throws {@link InvalidBanTargetException} and stores nothing.
     */
    public BanEntry add(String ipOrSubnet, Instant until) {
        return upsert(List.of(parse(ipOrSubnet)), until).getFirst();
    }

    /** Adds or replaces an entry for the settings' default duration ({@code p2p_ban_default_duration}). */
    public BanEntry add(String ipOrSubnet) {
        CidrBlock block = parse(ipOrSubnet);
        return upsert(List.of(block), clock.instant().plus(settings.defaultDuration())).getFirst();
    }

    /**
     * Adds or replaces several entries with one expiry in one transaction (a banned peer's addresses). Every target
     * is checked first: one invalid target throws {@link InvalidBanTargetException} and nothing is stored.
     *
     * @return the entries as stored, in input order, duplicates (after canonicalisation) once
     */
    public List<BanEntry> addAll(Collection<String> ipsOrSubnets, Instant until) {
        if (ipsOrSubnets == null) {
            throw new IllegalArgumentException("ban targets are null");
        }
        List<CidrBlock> blocks = new ArrayList<>(ipsOrSubnets.size());
        for (String target : ipsOrSubnets) {
            blocks.add(parse(target));
        }
        return upsert(blocks, until);
    }

    /** Removes an entry; returns false when there was none. Invalid input throws {@link InvalidBanTargetException}. */
    public boolean remove(String ipOrSubnet) {
        CidrBlock block = parse(ipOrSubnet);
        writeLock.lock();
        try {
            ensureOpen();
            Held held = byKey.get(block.banKey());
            if (held == null) {
                return false;
            }
            store.write(List.of(held.key()), List.of());
            forget(List.of(held));
            boolean wasBanned = held.expiresAtMillis() > clock.millis();
            if (wasBanned) {
                events.publish(held.event(BanEvent.Action.REMOVE));
            }
            return wasBanned;
        } finally {
            writeLock.unlock();
        }
    }

    /** The unexpired entries, ordered by key. */
    public List<BanEntry> entries() {
        long now = clock.millis();
        return byKey.values().stream()
                .filter(held -> held.expiresAtMillis() > now)
                .map(Held::toEntry)
                .sorted(Comparator.comparing(BanEntry::key))
                .toList();
    }

    /** The keys of the unexpired entries (single addresses bare, subnets as CIDR), as Teranode's ListBanned. */
    public List<String> listBanned() {
        return entries().stream().map(BanEntry::key).toList();
    }

    /** Number of unexpired entries. */
    public int size() {
        long now = clock.millis();
        int live = 0;
        for (Held held : byKey.values()) {
            if (held.expiresAtMillis() > now) {
                live++;
            }
        }
        return live;
    }

    /** Deletes expired entries from memory and SQL; returns how many. */
    public int pruneExpired() {
        writeLock.lock();
        try {
            ensureOpen();
            List<Held> expired = expiredEntries(clock.millis(), null);
            if (!expired.isEmpty()) {
                store.write(keys(expired), List.of());
                forget(expired);
            }
            return expired.size();
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes every entry, in memory and in SQL, emitting a remove event per entry. */
    public void clear() {
        writeLock.lock();
        try {
            ensureOpen();
            long now = clock.millis();
            List<Held> live = byKey.values().stream()
                    .filter(held -> held.expiresAtMillis() > now)
                    .sorted(Comparator.comparing(Held::key))
                    .toList();
            store.deleteAll();
            byKey.clear();
            byExpiry.clear();
            index.clear();
            live.forEach(held -> events.publish(held.event(BanEvent.Action.REMOVE)));
        } finally {
            writeLock.unlock();
        }
    }

    /** Registers a listener for add/remove events; close the returned subscription to unsubscribe. */
    public BanSubscription subscribe(Consumer<BanEvent> listener) {
        return events.subscribe(listener);
    }

    /** Ends every subscription and closes the database (an embedded Derby database is shut down). Idempotent. */
    @Override
    public void close() {
        BanChangeListener listener = changes;
        if (listener != null) {
            listener.close(); // first, and outside the lock: its thread may be waiting for the lock to reload
        }
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            events.close();
            store.close();
        } finally {
            writeLock.unlock();
        }
    }

    /** Stores the blocks until {@code until}: prunes, evicts when full, writes SQL then memory, then announces. */
    private List<BanEntry> upsert(List<CidrBlock> blocks, Instant until) {
        if (until == null) {
            throw new IllegalArgumentException("ban expiry is null");
        }
        long expiry = until.isAfter(LATEST) ? LATEST.toEpochMilli() : until.toEpochMilli();
        Map<String, Held> additions = new LinkedHashMap<>();
        for (CidrBlock block : blocks) {
            additions.putIfAbsent(block.banKey(), new Held(block, block.banKey(), expiry));
        }
        if (additions.size() > settings.maxEntries()) {
            throw new IllegalArgumentException(additions.size() + " ban targets exceed p2p_ban_max_entries ("
                    + settings.maxEntries() + ")");
        }
        writeLock.lock();
        try {
            ensureOpen();
            long now = clock.millis();
            List<Held> expired = expiredEntries(now, additions.keySet());
            // An already-expired addition takes no room: it is stored, then pruned by the next write.
            List<Held> evicted = expiry > now ? evictionsFor(additions.keySet(), expired.size(), now) : List.of();
            List<String> deletes = new ArrayList<>(keys(expired));
            deletes.addAll(keys(evicted));
            List<StoredBan> rows = additions.values().stream().map(Held::toRow).toList();
            store.write(deletes, rows);

            List<CidrBlock> dropped = new ArrayList<>();
            for (Held held : expired) {
                dropFromMaps(held);
                dropped.add(held.block());
            }
            for (Held held : evicted) {
                dropFromMaps(held);
                dropped.add(held.block());
            }
            Map<CidrBlock, Long> indexed = new LinkedHashMap<>();
            for (Held held : additions.values()) {
                Held previous = byKey.put(held.key(), held);
                if (previous != null) {
                    byExpiry.remove(previous);
                }
                byExpiry.add(held);
                indexed.put(held.block(), held.expiresAtMillis());
            }
            index.update(dropped, indexed); // one rebuild per write
            evicted.forEach(held -> events.publish(held.event(BanEvent.Action.REMOVE)));
            additions.values().forEach(held -> events.publish(held.event(BanEvent.Action.ADD)));
            return additions.values().stream().map(Held::toEntry).toList();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Reads the whole table again and applies what other writers changed: entries new or with another expiry are
     * taken and published as {@code ADD}, entries gone from the table dropped and published as {@code REMOVE}
     * (expired ones silently). Rows that do not parse or have no expiry are passed over, as {@link #load} warned.
     * Called by the change listener; a reload after this node's own write finds nothing to do.
     *
     * @throws io.helidon.dbclient.DbClientException when the table cannot be read (the listener reconnects)
     */
    void reload() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            long now = clock.millis();
            Map<String, Held> table = new LinkedHashMap<>();
            for (StoredBan row : store.loadAll()) {
                Held held = readable(row);
                if (held != null && held.expiresAtMillis() > now) {
                    table.merge(held.key(), held, (a, b) -> a.expiresAtMillis() >= b.expiresAtMillis() ? a : b);
                }
            }
            List<Held> gone = new ArrayList<>();
            for (Held held : byKey.values()) {
                if (!table.containsKey(held.key())) {
                    gone.add(held);
                }
            }
            List<Held> added = new ArrayList<>();
            for (Held held : table.values()) {
                Held mine = byKey.get(held.key());
                if (mine == null || mine.expiresAtMillis() != held.expiresAtMillis()) {
                    added.add(held);
                }
            }
            if (gone.isEmpty() && added.isEmpty()) {
                return;
            }
            gone.forEach(this::dropFromMaps);
            Map<CidrBlock, Long> indexed = new LinkedHashMap<>();
            for (Held held : added) {
                Held previous = byKey.put(held.key(), held);
                if (previous != null) {
                    byExpiry.remove(previous);
                }
                byExpiry.add(held);
                indexed.put(held.block(), held.expiresAtMillis());
            }
            index.update(gone.stream().map(Held::block).toList(), indexed);
            gone.stream().filter(held -> held.expiresAtMillis() > now)
                    .forEach(held -> events.publish(held.event(BanEvent.Action.REMOVE)));
            added.forEach(held -> events.publish(held.event(BanEvent.Action.ADD)));
            LOG.info(() -> "ban list reloaded from " + store.description() + " after another writer's change: "
                    + added.size() + " added or changed, " + gone.size() + " removed");
        } finally {
            writeLock.unlock();
        }
    }

    /** A row as an entry, or null when its key does not parse or it has no expiry. */
    private static Held readable(StoredBan row) {
        if (row.expiresAt() == null) {
            return null;
        }
        CidrBlock block;
        try {
            block = CidrBlock.parse(row.key());
        } catch (InvalidBanTargetException e) {
            return null;
        }
        long expiry = row.expiresAt().isAfter(LATEST) ? LATEST.toEpochMilli() : row.expiresAt().toEpochMilli();
        return new Held(block, block.banKey(), expiry);
    }

    /** Expired entries (soonest first), except the keys about to be written again. Caller holds writeLock. */
    private List<Held> expiredEntries(long now, Collection<String> keep) {
        List<Held> expired = new ArrayList<>();
        for (Held held : byExpiry) {
            if (held.expiresAtMillis() > now) {
                break;
            }
            if (keep == null || !keep.contains(held.key())) {
                expired.add(held);
            }
        }
        return expired;
    }

    /**
     * The unexpired entries to evict so that the new keys fit: soonest expiry first, never one of the new keys.
     * Caller holds writeLock.
     */
    private List<Held> evictionsFor(Collection<String> newKeys, int expiredCount, long now) {
        // After the write: the entries kept (all but the expired ones and the replaced keys) plus the new keys.
        int live = byKey.size() - expiredCount + newKeys.size();
        for (String key : newKeys) {
            if (byKey.containsKey(key)) {
                live--;
            }
        }
        List<Held> evicted = new ArrayList<>();
        Iterator<Held> soonest = byExpiry.iterator();
        while (live > settings.maxEntries() && soonest.hasNext()) {
            Held candidate = soonest.next();
            if (candidate.expiresAtMillis() > now && !newKeys.contains(candidate.key())) {
                evicted.add(candidate);
                live--;
            }
        }
        return evicted;
    }

    private void load() {
        long now = clock.millis();
        Map<String, Held> loaded = new LinkedHashMap<>();
        List<String> deletes = new ArrayList<>();
        Set<String> rewrite = new HashSet<>();
        for (StoredBan row : store.loadAll()) {
            CidrBlock block;
            try {
                block = CidrBlock.parse(row.key());
            } catch (InvalidBanTargetException e) {
                LOG.warning(() -> "bans table row '" + row.key() + "' skipped: " + e.getMessage());
                continue;
            }
            if (row.expiresAt() == null) {
                LOG.warning(() -> "bans table row '" + row.key() + "' skipped: it has no expiration_time");
                continue;
            }
            long expiry = row.expiresAt().isAfter(LATEST) ? LATEST.toEpochMilli() : row.expiresAt().toEpochMilli();
            Held held = new Held(block, block.banKey(), expiry);
            if (!held.key().equals(row.key()) || !block.key().equals(row.subnet())) {
                // Teranode's spelling (10.0.0.1:8333, 10.0.0.5/24) or subnet text: keep one row under our key.
                if (!held.key().equals(row.key())) {
                    deletes.add(row.key());
                }
                rewrite.add(held.key());
                LOG.info(() -> "bans table row '" + row.key() + "' rewritten as '" + held.key() + "'");
            }
            Held other = loaded.get(held.key());
            if (other != null) {
                rewrite.add(held.key()); // two spellings of one key: one row with the later expiry
            }
            if (other == null || other.expiresAtMillis() < expiry) {
                loaded.put(held.key(), held);
            }
        }
        List<Held> sorted = new ArrayList<>(loaded.values());
        sorted.sort(SOONEST_EXPIRY_FIRST);
        int live = (int) sorted.stream().filter(held -> held.expiresAtMillis() > now).count();
        Map<CidrBlock, Long> indexed = new LinkedHashMap<>();
        for (Held held : sorted) {
            boolean expired = held.expiresAtMillis() <= now;
            if (expired || live > settings.maxEntries()) {
                deletes.add(held.key());
                if (!expired) {
                    live--;
                }
                continue;
            }
            byKey.put(held.key(), held);
            byExpiry.add(held);
            indexed.put(held.block(), held.expiresAtMillis());
        }
        index.update(List.of(), indexed);
        List<String> uniqueDeletes = deletes.stream().distinct().toList();
        List<StoredBan> changed = byKey.values().stream().filter(held -> rewrite.contains(held.key()))
                .map(Held::toRow).toList();
        if (!uniqueDeletes.isEmpty() || !changed.isEmpty()) {
            store.write(uniqueDeletes, changed);
        }
    }

    /** Drops entries from memory. Caller holds writeLock. */
    private void forget(List<Held> entries) {
        if (entries.isEmpty()) {
            return;
        }
        entries.forEach(this::dropFromMaps);
        index.update(entries.stream().map(Held::block).toList(), Map.of());
    }

    /** Drops an entry from the key and expiry maps (not the index). Caller holds writeLock. */
    private void dropFromMaps(Held held) {
        byKey.remove(held.key(), held);
        byExpiry.remove(held);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("ban list is closed");
        }
    }

    private static CidrBlock parse(String target) {
        return CidrBlock.parse(target);
    }

    private static List<String> keys(List<Held> entries) {
        return entries.stream().map(Held::key).toList();
    }
}
