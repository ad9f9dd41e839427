package p2p.app.config;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Listen addresses are IP literals only, parsed without the system resolver. */
class IpLiteralTest {

    @Test
    void literalsParse() throws Exception {
        assertEquals(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), IpLiteral.require("k", " 127.0.0.1 "));
        assertEquals(InetAddress.getByAddress(new byte[16]), IpLiteral.require("k", "::"));
    }

    @Test
    void namesAndNonLiteralsAreRefusedWithoutALookup() {
        // "localhost:1" went to getaddrinfo through InetAddress.getByName before; a zone id and brackets were taken.
        for (String text : new String[] {"localhost:1", "localhost", "fe80::1%eth0", "[::1]", "010.0.0.1", "1.2.3"}) {
            SettingsException e = assertThrows(SettingsException.class,
                    () -> IpLiteral.require("p2p_listen_addresses", text));
            assertEquals(SettingsException.invalid("p2p_listen_addresses", text, "is not an IPv4 or IPv6 address")
                    .getMessage(), e.getMessage());
        }
    }
}
