package p2p.common.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "10.0.0.1, 10.0.0.1",
        "::, ::",
        "::1, ::1",
        "2001:DB8::1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "1::, 1::",
        "::ffff:1.2.3.4, ::ffff:102:304",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
        "fe80::1:2:3:4, fe80::1:2:3:4",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "::1.2.3.4, ::102:304",
        "1::1.2.3.4, 1::102:304",
        "1:0:0:0:0:0:0:0, 1::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
    })
    void literalsParseAndFormatCanonically(String text, String canonical) {
        assertEquals(canonical, IpLiteral.format(IpLiteral.parse(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " 1.2.3.4", "1.2.3.4 ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.04", "1..2.3",
        "1.2.3.-4", "1.2.3.4.", "a.b.c.d", "1.2.3.1234", "localhost", "example.com",
        ":::", "1::2::3", "12345::", "g::", "::g", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7::8", "::1%eth0", "fe80::1%1", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5",
        "[::1]", "1:2:3:4:5:6:7:8::", "\u0661.2.3.4", "\uff11::", "+1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
        "1::2:3:4:5:6:1.2.3.4", "::1.2.3.4.5", "1.2.3.4::1", ":", "::::", "1:2", "12345:1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:", "::ffff:256.1.1.1", "::ffff:01.1.1.1",
    })
    void nonLiteralsAreRefused(String text) {
        assertNull(IpLiteral.parse(text), text);
    }

    @Test
    void nullIsNotALiteral() {
        assertNull(IpLiteral.parse(null));
        assertNull(IpLiteral.parseHostPort(null));
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "10.0.0.1:8333, 10.0.0.1",
        "10.0.0.1:0, 10.0.0.1",
        "10.0.0.1:65535, 10.0.0.1",
        "2001:db8::1, 2001:db8::1",
        "[2001:db8::1], 2001:db8::1",
        "[2001:db8::1]:9905, 2001:db8::1",
        "[::ffff:1.2.3.4]:1, ::ffff:102:304",
    })
    void hostPortFormsYieldTheAddress(String text, String address) {
        assertEquals(address, IpLiteral.format(IpLiteral.parseHostPort(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "10.0.0.1:", "10.0.0.1:65536", "10.0.0.1:123456", "10.0.0.1:-1", "10.0.0.1:8a", "[2001:db8::1]:",
        "[2001:db8::1", "2001:db8::1]:80", "[2001:db8::1]x80", "[10.0.0.1]:80", "[]:80", "host:80", ":80", "[2001:db8::1]:99999",
    })
    void badHostPortFormsAreRefused(String text) {
        assertNull(IpLiteral.parseHostPort(text), text);
    }

    @Test
    void mappedAddressesUnmapToIpv4() {
        byte[] mapped = IpLiteral.parse("::ffff:192.0.2.7");
        assertTrue(IpLiteral.isIpv4Mapped(mapped));
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 7}, IpLiteral.unmapIpv4(mapped));
        byte[] plain = IpLiteral.parse("::192.0.2.7");
        assertFalse(IpLiteral.isIpv4Mapped(plain));
        assertArrayEquals(plain, IpLiteral.unmapIpv4(plain));
    }

    @Test
    void randomAddressesRoundTripAndAgreeWithTheJdk() throws UnknownHostException {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] address = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(address);
            if (address.length == 16 && random.nextBoolean()) {
                // Zero runs exercise the '::' choice.
                int from = random.nextInt(16);
                int to = Math.min(16, from + random.nextInt(10));
                for (int b = from; b < to; b++) {
                    address[b] = 0;
                }
            }
            String text = IpLiteral.format(address);
            assertArrayEquals(address, IpLiteral.parse(text), text);
            // The JDK parses literals without lookups; it must read our text as the same address.
            assertArrayEquals(address, InetAddress.getByAddress(address).getAddress());
            byte[] jdk = InetAddress.getByName(text).getAddress();
            assertArrayEquals(IpLiteral.unmapIpv4(address), jdk, text);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "::ffff:192.0.2.1, ::ffff:192.0.2.1",
        "::FFFF:0.0.0.0, ::ffff:0.0.0.0",
        "0:0:0:0:0:ffff:c000:201, ::ffff:192.0.2.1",
        "::192.0.2.1, ::c000:201",
        "0:0:0:0:0:0:0:1, ::1",
        "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "1:2:3:4:5:6:0:0, 1:2:3:4:5:6::",
        "10.0.0.1, 10.0.0.1",
    })
    void mixedFormatKeepsTheDottedTailOfMappedAddressesOnly(String text, String mixed) {
        assertEquals(mixed, IpLiteral.formatMixed(IpLiteral.parse(text)));
    }

    @Test
    void mixedFormatAgreesWithFormatForEveryUnmappedAddress() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] address = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(address);
            if (IpLiteral.isIpv4Mapped(address)) {
                continue;
            }
            assertEquals(IpLiteral.format(address), IpLiteral.formatMixed(address));
        }
    }

    @Test
    void formattingRefusesOtherLengths() {
        assertThrows(IllegalArgumentException.class, () -> IpLiteral.format(new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> IpLiteral.formatMixed(new byte[15]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "2001:db8::1", "::ffff:1.2.3.4", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", ""})
    void ipv4ParsingTakesOnlyADottedQuad(String text) {
        assertNull(IpLiteral.parseIpv4(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1.2.3.4", "1::2::3", "12345::", "[::1]", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "\uff11::", "\u0661::1",
        "::\u0661", "",
    })
    void ipv6ParsingTakesOnlyAsciiIpv6Text(String text) {
        assertNull(IpLiteral.parseIpv6(text), text);
    }

    @Test
    void familyParsersAgreeWithTheGeneralOne() {
        assertArrayEquals(IpLiteral.parse("192.0.2.1"), IpLiteral.parseIpv4("192.0.2.1"));
        assertArrayEquals(IpLiteral.parse("2001:db8::1"), IpLiteral.parseIpv6("2001:db8::1"));
        assertNull(IpLiteral.parseIpv4(null));
        assertNull(IpLiteral.parseIpv6(null));
    }
}
