package p2p.ban;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The persistent list of banned IPs and subnets (spec section 5), kept in SQL and mirrored in memory.
 * API fixed by the foundation skeleton; the implementation replaces the bodies.
 */
public final class BanList implements AutoCloseable {

    /** Opens (creating if needed) the ban table named by the settings and loads it into memory. */
    public static BanList open(BanSettings settings) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** True when {@code ipOrIpPort} (an IPv4/IPv6 literal, optionally {@code ip:port} or {@code [ip6]:port}) is covered by an unexpired entry; invalid input is false. */
    public boolean isBanned(String ipOrIpPort) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** True when the address is covered by an unexpired IP or subnet entry. */
    public boolean isBanned(InetAddress address) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Adds or replaces (upsert) an IP or CIDR entry until {@code until}; invalid input throws {@link InvalidBanTargetException} and stores nothing. */
    public BanEntry add(String ipOrSubnet, Instant until) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Removes an entry; returns false when there was none. Invalid input throws {@link InvalidBanTargetException}. */
    public boolean remove(String ipOrSubnet) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The unexpired entries, ordered by key. */
    public List<BanEntry> entries() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The keys of the unexpired entries (IPs as /32 or /128, subnets as CIDR), as Teranode's ListBanned. */
    public List<String> listBanned() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Number of unexpired entries. */
    public int size() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Removes every entry, in memory and in SQL, emitting a remove event per entry. */
    public void clear() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Registers a listener for add/remove events; close the returned subscription to unsubscribe. */
    public BanSubscription subscribe(Consumer<BanEvent> listener) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
