package p2p.ban.address;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lookup side of the ban list: which CIDR blocks are banned, and until when.
 *
 * <p>Teranode scans every subnet on each lookup (spec section 5, marked ⚠). Here each block is a hash key made of its
 * prefix length and network bits, so a lookup masks the address once per prefix length in use and probes one hash
 * table: at most 33 probes for IPv4 and 129 for IPv6, whatever the number of entries, and in practice only as many
 * as there are distinct prefix lengths in the list.
 *
 * <p>Each address family is an immutable open-addressing table of primitive arrays, so a lookup allocates nothing
 * and takes no lock. Writes (rare: a ban, an unban) rebuild the family's table from the writer's own map and publish
 * it through a volatile field; batch them with {@link #update}. Writes must be serialised by the owner (the ban list
 * holds its write lock).
 */
public final class AddressIndex {

    private static final long[] IPV4_MASKS = new long[33];
    private static final long[] IPV6_HIGH_MASKS = new long[129];
    private static final long[] IPV6_LOW_MASKS = new long[129];

    static {
        for (int p = 0; p <= 32; p++) {
            IPV4_MASKS[p] = CidrBlock.ipv4Mask(p);
        }
        for (int p = 0; p <= 128; p++) {
            IPV6_HIGH_MASKS[p] = CidrBlock.ipv6HighMask(p);
            IPV6_LOW_MASKS[p] = CidrBlock.ipv6LowMask(p);
        }
    }

    // Expiry in epoch millis per block, the source the tables are built from: owned by the writer.
    private final Map<CidrBlock, Long> blocks = new HashMap<>();
    // Published snapshots, read lock-free.
    private volatile Table ipv4 = Table.EMPTY;
    private volatile Table ipv6 = Table.EMPTY;

    /** Adds or replaces the block's expiry. */
    public void put(CidrBlock block, long expiresAtMillis) {
        update(List.of(), Map.of(block, expiresAtMillis));
    }

    /** Removes the block; no effect when absent. */
    public void remove(CidrBlock block) {
        update(List.of(block), Map.of());
    }

    /** Removes {@code removals}, then adds or replaces {@code additions} (block to expiry), publishing once. */
    public void update(Collection<CidrBlock> removals, Map<CidrBlock, Long> additions) {
        boolean touches4 = false;
        boolean touches6 = false;
        for (CidrBlock block : removals) {
            if (blocks.remove(block) != null) {
                touches6 |= block.ipv6();
                touches4 |= !block.ipv6();
            }
        }
        for (Map.Entry<CidrBlock, Long> addition : additions.entrySet()) {
            blocks.put(addition.getKey(), addition.getValue());
            touches6 |= addition.getKey().ipv6();
            touches4 |= !addition.getKey().ipv6();
        }
        if (touches4) {
            ipv4 = Table.build(blocks, false);
        }
        if (touches6) {
            ipv6 = Table.build(blocks, true);
        }
    }

    /** Removes every block. */
    public void clear() {
        blocks.clear();
        ipv4 = Table.EMPTY;
        ipv6 = Table.EMPTY;
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
        Table table = ipv4;
        for (int prefix : table.prefixes) {
            if (table.unexpired(0, address & IPV4_MASKS[prefix], prefix, nowMillis)) {
                return true;
            }
        }
        return false;
    }

    /** True when an unexpired IPv6 block contains the address {@code hi}:{@code lo}. */
    public boolean containsIpv6(long hi, long lo, long nowMillis) {
        Table table = ipv6;
        for (int prefix : table.prefixes) {
            if (table.unexpired(hi & IPV6_HIGH_MASKS[prefix], lo & IPV6_LOW_MASKS[prefix], prefix, nowMillis)) {
                return true;
            }
        }
        return false;
    }

    /** Number of prefix lengths a lookup probes now, for IPv4 or IPv6. */
    public int probesPerLookup(boolean forIpv6) {
        return (forIpv6 ? ipv6 : ipv4).prefixes.length;
    }

    /**
     * One family's blocks: linear-probing hash table over parallel arrays, at most half full. A slot is empty when
     * its {@code prefixPlusOne} is 0. Immutable once built.
     */
    private static final class Table {
        static final Table EMPTY = new Table(new long[1], new long[1], new int[1], new long[1], new int[0]);

        final long[] hi;
        final long[] lo;
        final int[] prefixPlusOne;
        final long[] expiry;
        final int mask;
        final int[] prefixes; // prefix lengths in use, longest first

        private Table(long[] hi, long[] lo, int[] prefixPlusOne, long[] expiry, int[] prefixes) {
            this.hi = hi;
            this.lo = lo;
            this.prefixPlusOne = prefixPlusOne;
            this.expiry = expiry;
            this.mask = hi.length - 1;
            this.prefixes = prefixes;
        }

        static Table build(Map<CidrBlock, Long> blocks, boolean ipv6) {
            List<Map.Entry<CidrBlock, Long>> family = new ArrayList<>();
            for (Map.Entry<CidrBlock, Long> entry : blocks.entrySet()) {
                if (entry.getKey().ipv6() == ipv6) {
                    family.add(entry);
                }
            }
            if (family.isEmpty()) {
                return EMPTY;
            }
            int capacity = Integer.highestOneBit(Math.max(16, family.size() * 2 - 1)) << 1;
            Table table = new Table(new long[capacity], new long[capacity], new int[capacity], new long[capacity],
                    null);
            boolean[] used = new boolean[129];
            for (Map.Entry<CidrBlock, Long> entry : family) {
                CidrBlock block = entry.getKey();
                int slot = slot(block.hi(), block.lo(), block.prefix()) & table.mask;
                while (table.prefixPlusOne[slot] != 0) {
                    slot = (slot + 1) & table.mask;
                }
                table.hi[slot] = block.hi();
                table.lo[slot] = block.lo();
                table.prefixPlusOne[slot] = block.prefix() + 1;
                table.expiry[slot] = entry.getValue();
                used[block.prefix()] = true;
            }
            int count = 0;
            for (boolean inUse : used) {
                count += inUse ? 1 : 0;
            }
            int[] prefixes = new int[count];
            for (int prefix = 128, i = 0; prefix >= 0; prefix--) {
                if (used[prefix]) {
                    prefixes[i++] = prefix;
                }
            }
            return new Table(table.hi, table.lo, table.prefixPlusOne, table.expiry, prefixes);
        }

        /** True when the block is present and expires after {@code nowMillis}. */
        boolean unexpired(long networkHi, long networkLo, int prefix, long nowMillis) {
            int slot = slot(networkHi, networkLo, prefix) & mask;
            int tag = prefix + 1;
            while (true) {
                int stored = prefixPlusOne[slot];
                if (stored == 0) {
                    return false;
                }
                if (stored == tag && hi[slot] == networkHi && lo[slot] == networkLo) {
                    return expiry[slot] > nowMillis;
                }
                slot = (slot + 1) & mask;
            }
        }

        /** Mixes all key bits so neighbouring networks (one apart in their lowest network bit) spread out. */
        private static int slot(long hi, long lo, int prefix) {
            long h = hi * 0x9E37_79B9_7F4A_7C15L + lo;
            h = (h ^ (h >>> 31)) * 0xBF58_476D_1CE4_E5B9L + prefix;
            h = (h ^ (h >>> 29)) * 0x94D0_49BB_1331_11EBL;
            return (int) (h ^ (h >>> 32));
        }
    }
}
