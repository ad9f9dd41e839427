package p2p.ban.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import p2p.ban.InvalidBanTargetException;

class CidrBlockTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1/32, false",
        "10.0.0.1/32, 10.0.0.1/32, false",
        "10.1.2.3/8, 10.0.0.0/8, true",
        "10.1.2.3/0, 0.0.0.0/0, true",
        "192.168.1.255/31, 192.168.1.254/31, true",
        "2001:DB8::1, 2001:db8::1/128, false",
        "2001:db8:1234::/32, 2001:db8::/32, true",
        "2001:db8::1/0, ::/0, true",
        "2001:db8::ff/127, 2001:db8::fe/127, true",
        "2001:db8:0:0:8000::/65, 2001:db8:0:0:8000::/65, true",
        "2001:db8::ffff:ffff:ffff:ffff/65, 2001:db8:0:0:8000::/65, true",
        "::ffff:10.0.0.1, 10.0.0.1/32, false",
        "::ffff:10.0.0.0/104, 10.0.0.0/8, true",
        "::ffff:0.0.0.0/96, 0.0.0.0/0, true",
        "::ffff:0.0.0.0/95, ::fffe:0:0/95, true",
    })
    void targetsHaveOneCanonicalKey(String target, String key, boolean subnet) {
        CidrBlock block = CidrBlock.parse(target);
        assertEquals(key, block.key());
        assertEquals(subnet, !block.isSingleAddress());
        assertEquals(block, CidrBlock.parse(block.key()), "a key parses back to the same block");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "garbage", "10.0.0.1/33", "10.0.0.1/", "10.0.0.1/-1", "10.0.0.1/+8", "10.0.0.1/08", "10.0.0.1/8/8",
        "10.0.0.1/a", "10.0.0.1/1000", "/8", "2001:db8::/129", "10.0.0.0 /8",
        "::1%lo/128", "example.com/24",
    })
    void invalidTargetsAreRefusedNamingTheInput(String target) {
        InvalidBanTargetException error = assertThrows(InvalidBanTargetException.class, () -> CidrBlock.parse(target));
        assertTrue(error.getMessage().contains("'" + target + "'"), error.getMessage());
    }

    @Test
    void nullTargetIsRefused() {
        InvalidBanTargetException error = assertThrows(InvalidBanTargetException.class, () -> CidrBlock.parse(null));
        assertTrue(error.getMessage().contains("null"));
    }

    @Test
    void familiesAreKeptApart() {
        assertFalse(CidrBlock.parse("10.0.0.1").ipv6());
        assertTrue(CidrBlock.parse("::a00:1").ipv6());
        assertFalse(CidrBlock.parse("0.0.0.0/0").equals(CidrBlock.parse("::/0")));
    }

    @Test
    void masksCoverTheEdges() {
        assertEquals(0L, CidrBlock.ipv4Mask(0));
        assertEquals(0xffff_ffffL, CidrBlock.ipv4Mask(32));
        assertEquals(0xff00_0000L, CidrBlock.ipv4Mask(8));
        assertEquals(0L, CidrBlock.ipv6HighMask(0));
        assertEquals(-1L, CidrBlock.ipv6HighMask(64));
        assertEquals(0L, CidrBlock.ipv6LowMask(64));
        assertEquals(Long.MIN_VALUE, CidrBlock.ipv6LowMask(65));
        assertEquals(-1L, CidrBlock.ipv6LowMask(128));
    }
}
