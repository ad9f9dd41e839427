package p2p.ban.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import p2p.common.ip.IpLiteral;

class AddressIndexTest {

    private static final long NOW = 1_000_000L;

    private static byte[] ip(String text) {
        return IpLiteral.unmapIpv4(IpLiteral.parse(text));
    }

    @Test
    void subnetBlocksEveryAddressInsideAndNothingOutside() {
        AddressIndex index = new AddressIndex();
        index.put(CidrBlock.parse("10.0.0.0/8"), NOW + 1);
        index.put(CidrBlock.parse("2001:db8::/32"), NOW + 1);
        assertTrue(index.contains(ip("10.0.0.0"), NOW));
        assertTrue(index.contains(ip("10.255.255.255"), NOW));
        assertFalse(index.contains(ip("11.0.0.0"), NOW));
        assertFalse(index.contains(ip("9.255.255.255"), NOW));
        assertTrue(index.contains(ip("2001:db8:ffff::1"), NOW));
        assertFalse(index.contains(ip("2001:db9::1"), NOW));
        assertFalse(index.contains(ip("::a00:1"), NOW), "an IPv6 address never matches an IPv4 block");
    }

    @Test
    void zeroPrefixCoversItsWholeFamilyOnly() {
        AddressIndex index = new AddressIndex();
        index.put(CidrBlock.parse("0.0.0.0/0"), NOW + 1);
        assertTrue(index.contains(ip("255.255.255.255"), NOW));
        assertFalse(index.contains(ip("::1"), NOW));
        index.put(CidrBlock.parse("::/0"), NOW + 1);
        assertTrue(index.contains(ip("ffff::1"), NOW));
    }

    @Test
    void expiredBlocksDoNotMatchButBroaderLiveOnesStill() {
        AddressIndex index = new AddressIndex();
        index.put(CidrBlock.parse("10.0.0.1"), NOW);
        assertFalse(index.contains(ip("10.0.0.1"), NOW), "expiry equal to now is expired");
        index.put(CidrBlock.parse("10.0.0.0/24"), NOW + 5);
        assertTrue(index.contains(ip("10.0.0.1"), NOW));
        assertFalse(index.contains(ip("10.0.0.1"), NOW + 5));
    }

    @Test
    void removeAndClearForgetBlocksAndTheirPrefixLengths() {
        AddressIndex index = new AddressIndex();
        index.put(CidrBlock.parse("10.0.0.0/8"), NOW + 1);
        index.put(CidrBlock.parse("11.0.0.0/8"), NOW + 1);
        index.put(CidrBlock.parse("10.0.0.1"), NOW + 1);
        assertEquals(2, index.probesPerLookup(false));
        index.remove(CidrBlock.parse("10.0.0.0/8"));
        assertFalse(index.contains(ip("10.0.0.2"), NOW));
        assertTrue(index.contains(ip("11.0.0.2"), NOW));
        assertEquals(2, index.probesPerLookup(false), "11.0.0.0/8 still uses /8");
        index.remove(CidrBlock.parse("11.0.0.0/8"));
        assertEquals(1, index.probesPerLookup(false));
        index.remove(CidrBlock.parse("11.0.0.0/8"));
        assertEquals(1, index.probesPerLookup(false), "removing an absent block changes nothing");
        index.clear();
        assertEquals(0, index.probesPerLookup(false));
        assertFalse(index.contains(ip("10.0.0.1"), NOW));
    }

    @Test
    void probesAreBoundedByPrefixLengthsNotEntries() {
        AddressIndex index = new AddressIndex();
        Random random = new Random(7);
        Map<CidrBlock, Long> blocks = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] v4 = new byte[4];
            byte[] v6 = new byte[16];
            random.nextBytes(v4);
            random.nextBytes(v6);
            blocks.put(CidrBlock.of(v4, random.nextInt(33)), NOW + 1);
            blocks.put(CidrBlock.of(v6, random.nextInt(129)), NOW + 1);
        }
        index.update(List.of(), blocks);
        assertEquals(33, index.probesPerLookup(false));
        assertEquals(129, index.probesPerLookup(true));
        for (CidrBlock block : blocks.keySet()) {
            assertTrue(index.contains(block.networkBytes(), NOW), block.key());
        }
        index.update(List.copyOf(blocks.keySet()), Map.of());
        assertEquals(0, index.probesPerLookup(false));
        assertEquals(0, index.probesPerLookup(true));
    }

    /** The index answers exactly as a linear scan over the same blocks would. */
    @Test
    void agreesWithALinearScanOnRandomBlocksAndAddresses() {
        Random random = new Random(11);
        AddressIndex index = new AddressIndex();
        Map<CidrBlock, Long> blocks = new LinkedHashMap<>(); // a re-put block keeps its last expiry, as in the index
        for (int i = 0; i < 120; i++) {
            byte[] address = narrowRandomAddress(random);
            CidrBlock block = CidrBlock.of(address, 16 + random.nextInt(9));
            long expiry = NOW + random.nextInt(3) - 1; // some expired
            blocks.put(block, expiry);
            index.put(block, expiry);
        }
        // Remove a third of the blocks so deletion is checked too.
        List<CidrBlock> removed = blocks.keySet().stream().filter(b -> random.nextInt(3) == 0).toList();
        removed.forEach(blocks::remove);
        index.update(removed, Map.of());
        int hits = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] address = narrowRandomAddress(random);
            boolean expected = false;
            for (Map.Entry<CidrBlock, Long> entry : blocks.entrySet()) {
                CidrBlock block = entry.getKey();
                if (block.ipv6() == (address.length == 16) && entry.getValue() > NOW
                        && CidrBlock.of(address, block.prefix()).equals(block)) {
                    expected = true;
                    break;
                }
            }
            assertEquals(expected, index.contains(address, NOW), IpLiteral.format(address));
            hits += expected ? 1 : 0;
        }
        assertTrue(hits > 1000 && hits < 19_000, "the sample exercises both outcomes, hits=" + hits);
    }

    /** A random IPv4 or IPv6 address whose first 12 bits are fixed, so that /16-/24 blocks are hit often. */
    private static byte[] narrowRandomAddress(Random random) {
        byte[] address = new byte[random.nextBoolean() ? 16 : 4];
        random.nextBytes(address);
        address[0] = (byte) (address.length == 4 ? 10 : 0x20);
        address[1] = (byte) (address[1] & 0x0f);
        return address;
    }
}
