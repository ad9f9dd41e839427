package p2p.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import p2p.ban.BanEvent;
import p2p.ban.InvalidBanTargetException;

/**
 * An in-memory {@link BanListAccess} for the web tests: IPv4 literals and CIDRs only, exact-key lookups, events
 * delivered synchronously. It stands in until the real ban list is merged; the contract the web relies on (invalid
 * input throws {@link InvalidBanTargetException}, events on add and remove) is the same.
 */
class FakeBanList implements BanListAccess {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/\\d{1,2})?");

    private final Map<String, Instant> entries = new ConcurrentSkipListMap<>();
    private final List<Consumer<BanEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public boolean isBanned(String ipOrSubnet) {
        String key = ipOrSubnet.contains("/") ? ipOrSubnet : ipOrSubnet + "/32";
        Instant until = entries.get(key);
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
        boolean subnet = !key.endsWith("/32");
        BanEvent event = new BanEvent(action, subnet ? "" : key.substring(0, key.length() - 3), subnet ? key : "");
        listeners.forEach(listener -> listener.accept(event));
    }

    private static String normalise(String ipOrSubnet) {
        var m = IPV4.matcher(ipOrSubnet.strip());
        if (!m.matches()) {
            throw new InvalidBanTargetException("'" + ipOrSubnet + "' is not an IP address or CIDR subnet");
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                throw new InvalidBanTargetException("'" + ipOrSubnet + "' is not an IP address or CIDR subnet");
            }
        }
        return m.group(5) == null ? ipOrSubnet.strip() + "/32" : ipOrSubnet.strip();
    }
}
