package p2p.node.dht;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * Provider records this node holds for others (kad-dht spec, "Content provider advertisement and discovery"): for
 * each key, which peers said they provide it and where they listen. A record lives {@link #DEFAULT_TTL} (48 h, the
 * go-libp2p and js-libp2p value) unless renewed. Bounded by key count and providers per key so that ADD_PROVIDER
 * floods cannot exhaust memory: a full key drops its oldest record, a full store refuses new keys. Thread-safe: all
 * methods lock the store.
 */
public final class ProviderStore {
    /** How long a provider record is kept after its last ADD_PROVIDER. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(48);
    /** Default bound on keys held. */
    public static final int DEFAULT_MAX_KEYS = 100_000;
    /** Default bound on providers kept per key. */
    public static final int DEFAULT_MAX_PROVIDERS_PER_KEY = 100;

    /** One provider record. */
    public record Provider(PeerId peer, List<Multiaddr> addresses, Instant expiresAt) {
        public Provider {
            addresses = List.copyOf(addresses);
        }
    }

    private final Duration ttl;
    private final int maxKeys;
    private final int maxProvidersPerKey;
    private final InstantSource clock;
    // key (hex) -> provider -> record, oldest record first; guarded by this
    private final Map<String, LinkedHashMap<PeerId, Provider>> records = new LinkedHashMap<>();

    public ProviderStore(Duration ttl, int maxKeys, int maxProvidersPerKey, InstantSource clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("provider record ttl must be positive, got " + ttl);
        }
        if (maxKeys < 1 || maxProvidersPerKey < 1) {
            throw new IllegalArgumentException("provider store bounds must be at least 1, got maxKeys=" + maxKeys
                    + " maxProvidersPerKey=" + maxProvidersPerKey);
        }
        this.ttl = ttl;
        this.maxKeys = maxKeys;
        this.maxProvidersPerKey = maxProvidersPerKey;
        this.clock = clock;
    }

    public ProviderStore(InstantSource clock) {
        this(DEFAULT_TTL, DEFAULT_MAX_KEYS, DEFAULT_MAX_PROVIDERS_PER_KEY, clock);
    }

    /**
     * Records that {@code peer} provides {@code key}, or renews the record. Returns false when the store is full of
     * other keys.
     */
    public synchronized boolean add(byte[] key, PeerId peer, List<Multiaddr> addresses) {
        String k = HexFormat.of().formatHex(key);
        LinkedHashMap<PeerId, Provider> providers = records.get(k);
        if (providers == null) {
            if (records.size() >= maxKeys) {
                expire();
                if (records.size() >= maxKeys) {
                    return false;
                }
            }
            providers = new LinkedHashMap<>();
            records.put(k, providers);
        }
        Provider old = providers.remove(peer);
        List<Multiaddr> kept = addresses.isEmpty() && old != null ? old.addresses() : addresses;
        if (providers.size() >= maxProvidersPerKey) {
            Iterator<PeerId> oldest = providers.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        providers.put(peer, new Provider(peer, kept, clock.instant().plus(ttl)));
        return true;
    }

    /** The unexpired providers of {@code key}, most recently renewed last. */
    public synchronized List<Provider> get(byte[] key) {
        LinkedHashMap<PeerId, Provider> providers = records.get(HexFormat.of().formatHex(key));
        if (providers == null) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Provider> out = new ArrayList<>(providers.size());
        for (Provider p : providers.values()) {
            if (p.expiresAt().isAfter(now)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Drops expired records and keys left without any; returns how many records went. */
    public synchronized int expire() {
        Instant now = clock.instant();
        int n = 0;
        for (Iterator<LinkedHashMap<PeerId, Provider>> keys = records.values().iterator(); keys.hasNext(); ) {
            LinkedHashMap<PeerId, Provider> providers = keys.next();
            for (Iterator<Provider> it = providers.values().iterator(); it.hasNext(); ) {
                if (!it.next().expiresAt().isAfter(now)) {
                    it.remove();
                    n++;
                }
            }
            if (providers.isEmpty()) {
                keys.remove();
            }
        }
        return n;
    }

    /** Number of keys held (expired ones included until {@link #expire}). */
    public synchronized int keyCount() {
        return records.size();
    }
}
