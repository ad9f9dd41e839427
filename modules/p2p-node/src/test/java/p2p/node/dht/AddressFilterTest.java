package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

class AddressFilterTest {
    private static final PeerId PEER = new TestPeers(11).next();

    private static List<Multiaddr> addrs(String... text) {
        return java.util.Arrays.stream(text).map(Multiaddr::parse).toList();
    }

    @Test
    void defaultKeepsLoopbackPrivateAndDnsTcp() {
        List<Multiaddr> in = addrs("/ip4/127.0.0.1/tcp/9905", "/ip4/192.168.1.2/tcp/9905", "/ip6/::1/tcp/9905",
                "/dns4/teranode.example/tcp/9905", "/ip4/8.8.8.8/tcp/9905");
        assertEquals(in, AddressFilter.DEFAULT.filter(PEER, in));
    }

    @Test
    void publicOnlyDropsLoopbackPrivateAndLocalhost() {
        List<Multiaddr> in = addrs("/ip4/127.0.0.1/tcp/9905", "/ip4/192.168.1.2/tcp/9905", "/ip4/10.1.1.1/tcp/1",
                "/ip6/::1/tcp/9905", "/ip6/fd00::1/tcp/9905", "/ip6/fe80::1/tcp/9905", "/dns4/localhost/tcp/9905",
                "/ip4/8.8.8.8/tcp/9905");
        assertEquals(addrs("/ip4/8.8.8.8/tcp/9905"), AddressFilter.PUBLIC_ONLY.filter(PEER, in));
    }

    @Test
    void loopbackDetection() {
        assertTrue(AddressFilter.isLoopback(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")));
        assertTrue(AddressFilter.isLoopback(Multiaddr.parse("/ip6/::1/tcp/1")));
        assertFalse(AddressFilter.isLoopback(Multiaddr.parse("/ip4/10.0.0.1/tcp/1")));
        assertFalse(AddressFilter.isLoopback(Multiaddr.parse("/dns4/localhost/tcp/1")));
    }
}
