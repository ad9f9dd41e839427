package p2p.web;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import p2p.ban.BanEntry;
import p2p.ban.BanEvent;
import p2p.ban.BanList;
import p2p.ban.InvalidBanTargetException;

/**
 * What the operator surface needs of the ban list (spec sections 5 and 6): the gRPC ban rpcs, the ban-list size
 * gauge and the ban events sent to WebSocket clients. {@link #of(BanList)} adapts the real list; tests may bring
 * their own.
 */
public interface BanListAccess {

    /**
     * True when the IP (optionally with a port) is covered by an unexpired entry; for a CIDR, true when exactly
     * that subnet is listed. Invalid input is false, as in Teranode.
     */
    boolean isBanned(String ipOrSubnet);

    /** Adds or replaces the entry until {@code until}; invalid input throws {@link InvalidBanTargetException}. */
    void ban(String ipOrSubnet, Instant until);

    /** Removes the entry; false when there was none. Invalid input throws {@link InvalidBanTargetException}. */
    boolean unban(String ipOrSubnet);

    /** Keys of the unexpired entries. */
    List<String> listBanned();

    /**
     * The unexpired entries with their expiry, for the dashboard; a list that does not know expiries reports each
     * key with a {@code null} expiry.
     */
    default List<BanEntry> entries() {
        return listBanned().stream().map(key -> new BanEntry(key, null, key.contains("/"))).toList();
    }

    /** Removes every entry. */
    void clear();

    /** Number of unexpired entries. */
    int size();

    /** Registers a listener for add/remove events; close the handle to stop listening. */
    AutoCloseable subscribe(Consumer<BanEvent> listener);

    /** Adapts the SQL-backed {@link BanList}. */
    static BanListAccess of(BanList list) {
        Objects.requireNonNull(list, "list");
        return new BanListAccess() {
            @Override
            public boolean isBanned(String ipOrSubnet) {
                String target = ipOrSubnet.strip();
                // BanList answers for addresses; a subnet question means "is this CIDR itself listed".
                return target.contains("/") ? list.listBanned().contains(target) : list.isBanned(target);
            }

            @Override
            public void ban(String ipOrSubnet, Instant until) {
                list.add(ipOrSubnet, until);
            }

            @Override
            public boolean unban(String ipOrSubnet) {
                return list.remove(ipOrSubnet);
            }

            @Override
            public List<String> listBanned() {
                return list.listBanned();
            }

            @Override
            public List<BanEntry> entries() {
                return list.entries();
            }

            @Override
            public void clear() {
                list.clear();
            }

            @Override
            public int size() {
                return list.size();
            }

            @Override
            public AutoCloseable subscribe(Consumer<BanEvent> listener) {
                return list.subscribe(listener);
            }
        };
    }
}
