package p2p.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Listen addresses are IP literals only, parsed without the system resolver. */
class ListenAddressTest {

    @Test
    void literalsParse() {
        assertEquals(List.of("127.0.0.1", "::"), SettingsLoader.load(List.of(),
                Map.of("p2p_listen_addresses", " 127.0.0.1 , ::")).listenAddresses());
    }

    @Test
    void namesAndNonLiteralsAreRefusedWithoutALookup() {
        // "localhost:1" went to getaddrinfo through InetAddress.getByName before; a zone id and brackets were taken.
        for (String text : new String[] {"localhost:1", "localhost", "fe80::1%eth0", "[::1]", "010.0.0.1", "1.2.3"}) {
            SettingsException e = assertThrows(SettingsException.class,
                    () -> SettingsLoader.load(List.of(), Map.of("p2p_listen_addresses", text)));
            assertEquals("setting p2p_listen_addresses: '" + text + "' is not an IPv4 or IPv6 address",
                    e.getMessage());
        }
    }
}
