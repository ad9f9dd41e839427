package p2p.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import p2p.ban.BanEvent;
import p2p.ban.BanTarget;
import p2p.ban.InvalidBanTargetException;

/**
 * An in-memory {@link BanListAccess} for the web tests: keys as the real list makes them ({@link BanTarget}),
 * exact-key lookups, events delivered synchronously. The contract the web relies on (invalid input throws
 * {@link InvalidBanTargetException}, events on add and remove) is the real list's.
 */
class FakeBanList implements BanListAccess {

    private final Map<String, Instant> entries = new ConcurrentSkipListMap<>();
    private final List<Consumer<BanEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public boolean isBanned(String ipOrSubnet) {
        Instant until;
        try {
            until = entries.get(BanTarget.parse(ipOrSubnet.strip()).key());
        } catch (InvalidBanTargetException e) {
            return false;
        }
        return until != null && until.isAfter(Instant.now());
    }

    @Override
    public void ban(String ipOrSubnet, Instant until) {
        String key = normalise(ipOrSubnet);
        entries.put(key, until);
        emit(key, BanEvent.Action.ADD);
    }

    @Override
    public boolean unban(String ipOrSubnet) {
        String key = normalise(ipOrSubnet);
        boolean removed = entries.remove(key) != null;
        if (removed) {
            emit(key, BanEvent.Action.REMOVE);
        }
        return removed;
    }

    @Override
    public List<String> listBanned() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public void clear() {
        for (String key : listBanned()) {
            entries.remove(key);
            emit(key, BanEvent.Action.REMOVE);
        }
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public AutoCloseable subscribe(Consumer<BanEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    Instant expiry(String key) {
        return entries.get(key);
    }

    private void emit(String key, BanEvent.Action action) {
        boolean subnet = key.contains("/");
        BanEvent event = new BanEvent(action, subnet ? "" : key, subnet ? key : "");
        listeners.forEach(listener -> listener.accept(event));
    }

    private static String normalise(String ipOrSubnet) {
        return BanTarget.parse(ipOrSubnet.strip()).key();
    }
}
