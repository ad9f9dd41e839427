package p2p.node.host;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The private-address gater of Teranode 2026 (spec teranode-2026.md 1.1): each range, its edges, the switch. */
class PrivateAddressGaterTest {
    private static InetSocketAddress at(String ip) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), 9905);
    }

    @Test
    void everyListedRangeIsPrivateAndItsNeighboursAreNot() throws Exception {
        for (String ip : List.of("10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "127.0.0.1", "127.255.0.1", "169.254.1.1", "100.64.0.1", "100.127.255.255", "fc00::1", "fdff::1",
                "fe80::1", "febf::1", "::1", "::ffff:10.1.2.3", "::ffff:127.0.0.1")) {
            assertTrue(PrivateAddressGater.isPrivate(InetAddress.getByName(ip)), ip);
        }
        for (String ip : List.of("11.0.0.1", "9.255.255.255", "172.15.255.255", "172.32.0.1", "192.169.0.1",
                "128.0.0.1", "169.255.0.1", "100.63.255.255", "100.128.0.1", "8.8.8.8", "fe00::1", "fec0::1",
                "2001:db8::1", "::2", "::ffff:8.8.8.8")) {
            assertFalse(PrivateAddressGater.isPrivate(InetAddress.getByName(ip)), ip);
        }
    }

    @Test
    void refusesPrivateAddressesBothWaysUnlessAllowed() throws Exception {
        PrivateAddressGater strict = new PrivateAddressGater(false, ConnectionGater.ALLOW_ALL);
        assertFalse(strict.allowInbound(at("127.0.0.1")));
        assertFalse(strict.allowOutbound(at("192.168.0.10")));
        assertFalse(strict.allowPeer(null, at("::1")));
        assertTrue(strict.allowInbound(at("8.8.8.8")));
        PrivateAddressGater open = new PrivateAddressGater(true, ConnectionGater.ALLOW_ALL);
        assertTrue(open.allowInbound(at("127.0.0.1")));
        assertTrue(open.allowOutbound(at("10.0.0.1")));
    }

    @Test
    void publicAddressesStillGoThroughTheNextGater() throws Exception {
        ConnectionGater banList = remote -> !remote.getAddress().getHostAddress().equals("8.8.8.8");
        PrivateAddressGater gater = new PrivateAddressGater(true, banList);
        assertFalse(gater.allowInbound(at("8.8.8.8")));
        assertFalse(gater.allowOutbound(at("8.8.8.8")));
        assertTrue(gater.allowInbound(at("1.1.1.1")));
    }
}
