package p2p.ban.address;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The lookup side of the ban list: which CIDR blocks are banned, and until when.
 *
 * <p>Teranode scans every subnet on each lookup (spec section 5, marked ⚠). Here each block is a hash key made of its
 * prefix length and network bits, so a lookup masks the address once per prefix length in use and probes one hash
 * map: at most 33 probes for IPv4 and 129 for IPv6, whatever the number of entries, and in practice only as many as
 * there are distinct prefix lengths in the list.
 *
 * <p>Concurrency: lookups are lock-free (concurrent maps, a volatile array of prefix lengths in use); writes must be
 * serialised by the owner (the ban list holds its write lock).
 */
public final class AddressIndex {

    /** Key of an IPv6 block: network bits and prefix length. */
    private record Ipv6Key(long hi, long lo, int prefix) {
    }

    private static final int[] NONE = new int[0];

    // Expiry in epoch millis per block; read lock-free, written under the owner's lock.
    private final ConcurrentHashMap<Long, Long> ipv4 = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Ipv6Key, Long> ipv6 = new ConcurrentHashMap<>();
    // Entries per prefix length; owned by the writer.
    private final int[] ipv4Counts = new int[33];
    private final int[] ipv6Counts = new int[129];
    // Prefix lengths with at least one entry, longest first; replaced (never mutated) by the writer.
    private volatile int[] ipv4Prefixes = NONE;
    private volatile int[] ipv6Prefixes = NONE;

    /** Adds or replaces the block's expiry. */
    public void put(CidrBlock block, long expiresAtMillis) {
        if (block.ipv6()) {
            if (ipv6.put(new Ipv6Key(block.hi(), block.lo(), block.prefix()), expiresAtMillis) == null) {
                ipv6Counts[block.prefix()]++;
                ipv6Prefixes = inUse(ipv6Counts);
            }
        } else if (ipv4.put(ipv4Key(block.lo(), block.prefix()), expiresAtMillis) == null) {
            ipv4Counts[block.prefix()]++;
            ipv4Prefixes = inUse(ipv4Counts);
        }
    }

    /** Removes the block; no effect when absent. */
    public void remove(CidrBlock block) {
        if (block.ipv6()) {
            if (ipv6.remove(new Ipv6Key(block.hi(), block.lo(), block.prefix())) != null) {
                ipv6Counts[block.prefix()]--;
                ipv6Prefixes = inUse(ipv6Counts);
            }
        } else if (ipv4.remove(ipv4Key(block.lo(), block.prefix())) != null) {
            ipv4Counts[block.prefix()]--;
            ipv4Prefixes = inUse(ipv4Counts);
        }
    }

    /** Removes every block. */
    public void clear() {
        ipv4.clear();
        ipv6.clear();
        java.util.Arrays.fill(ipv4Counts, 0);
        java.util.Arrays.fill(ipv6Counts, 0);
        ipv4Prefixes = NONE;
        ipv6Prefixes = NONE;
    }

    /** True when a block expiring after {@code nowMillis} contains the address (4 or 16 bytes, already unmapped). */
    public boolean contains(byte[] address, long nowMillis) {
        if (address.length == 4) {
            long value = ((address[0] & 0xffL) << 24) | ((address[1] & 0xffL) << 16)
                    | ((address[2] & 0xffL) << 8) | (address[3] & 0xffL);
            return containsIpv4(value, nowMillis);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (address[i] & 0xffL);
            lo = (lo << 8) | (address[8 + i] & 0xffL);
        }
        return containsIpv6(hi, lo, nowMillis);
    }

    /** True when an unexpired IPv4 block contains the address (its 32 bits in the low end of {@code address}). */
    public boolean containsIpv4(long address, long nowMillis) {
        for (int prefix : ipv4Prefixes) {
            Long expiry = ipv4.get(ipv4Key(address & CidrBlock.ipv4Mask(prefix), prefix));
            if (expiry != null && expiry > nowMillis) {
                return true;
            }
        }
        return false;
    }

    /** True when an unexpired IPv6 block contains the address {@code hi}:{@code lo}. */
    public boolean containsIpv6(long hi, long lo, long nowMillis) {
        for (int prefix : ipv6Prefixes) {
            Long expiry = ipv6.get(new Ipv6Key(hi & CidrBlock.ipv6HighMask(prefix), lo & CidrBlock.ipv6LowMask(prefix),
                    prefix));
            if (expiry != null && expiry > nowMillis) {
                return true;
            }
        }
        return false;
    }

    /** Number of prefix lengths a lookup probes now, for IPv4 or IPv6. */
    public int probesPerLookup(boolean forIpv6) {
        return (forIpv6 ? ipv6Prefixes : ipv4Prefixes).length;
    }

    private static Long ipv4Key(long network, int prefix) {
        return ((long) prefix << 32) | network;
    }

    private static int[] inUse(int[] counts) {
        int n = 0;
        for (int count : counts) {
            if (count > 0) {
                n++;
            }
        }
        int[] prefixes = new int[n];
        for (int prefix = counts.length - 1, i = 0; prefix >= 0; prefix--) {
            if (counts[prefix] > 0) {
                prefixes[i++] = prefix;
            }
        }
        return prefixes;
    }
}
