package p2p.node.dht;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link KademliaDht}.
 *
 * @param protocolId        stream protocol ({@link DhtProtocol#protocolId})
 * @param k                 bucket size and replication factor
 * @param alpha             queries in flight per lookup
 * @param queryTimeout      how long one peer may take to answer
 * @param lookupTimeout     how long a whole iterative lookup may run before it returns what it has
 * @param providerTtl       how long records received by ADD_PROVIDER are kept
 * @param republishInterval how often our own provider records are sent again (well below the peers' ttl)
 * @param refreshInterval   how often the routing table is refreshed by lookups
 * @param addressFilter     which peer addresses are kept
 */
public record DhtConfig(String protocolId, int k, int alpha, Duration queryTimeout, Duration lookupTimeout,
                        Duration providerTtl, Duration republishInterval, Duration refreshInterval,
                        AddressFilter addressFilter) {
    /** go-libp2p's default lookup bound is a minute; our networks are small and private. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(60);
    /** Re-advertise every 22 h so a 48 h record never lapses even if one round fails. */
    public static final Duration DEFAULT_REPUBLISH_INTERVAL = Duration.ofHours(22);
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(10);

    public DhtConfig {
        Objects.requireNonNull(protocolId, "protocolId");
        Objects.requireNonNull(addressFilter, "addressFilter");
        if (k < 1 || alpha < 1) {
            throw new IllegalArgumentException("DHT k and alpha must be at least 1, got k=" + k + " alpha=" + alpha);
        }
        for (Duration d : new Duration[] {queryTimeout, lookupTimeout, providerTtl, republishInterval, refreshInterval}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("DHT durations must be positive, got " + d);
            }
        }
        if (republishInterval.compareTo(providerTtl) >= 0) {
            throw new IllegalArgumentException("DHT republish interval " + republishInterval
                    + " must be shorter than the provider ttl " + providerTtl);
        }
    }

    /** The spec's defaults for {@code protocolId}. */
    public static DhtConfig defaults(String protocolId) {
        return new DhtConfig(protocolId, DhtProtocol.K, DhtProtocol.ALPHA, DEFAULT_QUERY_TIMEOUT, DEFAULT_LOOKUP_TIMEOUT,
                ProviderStore.DEFAULT_TTL, DEFAULT_REPUBLISH_INTERVAL, DEFAULT_REFRESH_INTERVAL, AddressFilter.DEFAULT);
    }

    public DhtConfig withTimeouts(Duration query, Duration lookup) {
        return new DhtConfig(protocolId, k, alpha, query, lookup, providerTtl, republishInterval, refreshInterval,
                addressFilter);
    }

    public DhtConfig withK(int value) {
        return new DhtConfig(protocolId, value, alpha, queryTimeout, lookupTimeout, providerTtl, republishInterval,
                refreshInterval, addressFilter);
    }
}
