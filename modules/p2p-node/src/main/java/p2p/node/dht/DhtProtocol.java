package p2p.node.dht;

/**
 * Wire constants of the kad-dht protocol (libp2p/specs kad-dht/README.md) and the protocol id rule of Teranode
 * (spec section 2: {@code p2p_dht_protocol_id} + {@code /kad/1.0.0} on a private DHT, {@code /ipfs/kad/1.0.0} else).
 */
public final class DhtProtocol {
    /** Default {@code p2p_dht_protocol_id}. */
    public static final String DEFAULT_PREFIX = "/teranode";
    /** Prefix of the public IPFS DHT. */
    public static final String IPFS_PREFIX = "/ipfs";
    /** Appended to the prefix. */
    public static final String KAD_SUFFIX = "/kad/1.0.0";
    /** Bound on one message, as go-libp2p and js-libp2p set it (4 MiB). */
    public static final int MAX_MESSAGE_BYTES = 4 << 20;
    /** Bucket size and replication factor (spec: k = 20). */
    public static final int K = 20;
    /** Lookup concurrency (spec: alpha = 3). */
    public static final int ALPHA = 3;

    private DhtProtocol() {
    }

    /**
     * The stream protocol id.
     *
     * @param prefix     {@code p2p_dht_protocol_id}, e.g. {@code /teranode}
     * @param usePrivate {@code p2p_dht_use_private}; when false the prefix is ignored and the IPFS DHT is used
     * @throws IllegalArgumentException naming {@code p2p_dht_protocol_id} when a private prefix is not a path
     */
    public static String protocolId(String prefix, boolean usePrivate) {
        if (!usePrivate) {
            return IPFS_PREFIX + KAD_SUFFIX;
        }
        if (prefix == null || !prefix.startsWith("/") || prefix.endsWith("/") || prefix.length() < 2
                || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("p2p_dht_protocol_id must look like /name (no trailing slash, no spaces),"
                    + " got \"" + prefix + "\"");
        }
        return prefix + KAD_SUFFIX;
    }

    /** Whether a request of this type is answered (ADD_PROVIDER is fire and forget). */
    public static boolean expectsResponse(DhtMessage.Type type) {
        return type != DhtMessage.Type.ADD_PROVIDER;
    }
}
