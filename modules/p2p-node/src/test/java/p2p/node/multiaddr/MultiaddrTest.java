package p2p.node.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
    private static final String ED25519_PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    private static final String SHA256_PEER = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";

    /**
     * The first four rows are multiformats/multiaddr test/multiaddr.feature and go-multiaddr TestStringToBytes; the
     * others were encoded by hand from protocols.csv (varint code, fixed size or varint length, value).
     */
    @ParameterizedTest
    @CsvSource({
        "/ip4/192.0.2.42/tcp/443, 04c000022a0601bb",
        "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
        "/ip4/127.0.0.1/tcp/4321, 047f0000010610e1",
        "/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321, 047f000001910204d2047f0000010610e1",
        "/ip6/::1/tcp/4001, 2900000000000000000000000000000001060fa1",
        "/dns4/example.com/tcp/80, 360b6578616d706c652e636f6d060050",
        "/dns/a.b/tcp/1, 3503612e62060001",
        "/dns6/x/tcp/65535, 370178" + "06ffff",
        "/ip4/1.2.3.4/udp/4001/quic-v1, 040102030491020fa1cd03",
        "/p2p-circuit, a202",
    })
    void specVectorsRoundTripBetweenTextAndBinary(String text, String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        Multiaddr fromText = Multiaddr.parse(text);
        assertArrayEquals(bytes, fromText.toBytes());
        Multiaddr fromBytes = Multiaddr.fromBytes(bytes);
        assertEquals(text, fromBytes.toString());
        assertEquals(fromText, fromBytes);
        assertEquals(fromText.hashCode(), fromBytes.hashCode());
    }

    @Test
    void peerIdComponentIsTheLengthPrefixedMultihash() {
        Multiaddr ma = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + SHA256_PEER);
        byte[] multihash = Base58.decode(SHA256_PEER);
        String expected = "047f000001060fa1" + "a503" + "22" + HexFormat.of().formatHex(multihash);
        assertEquals(expected, HexFormat.of().formatHex(ma.toBytes()));
        assertEquals("1220", HexFormat.of().formatHex(multihash, 0, 2));
        assertEquals(ma, Multiaddr.fromBytes(ma.toBytes()));
    }

    /** go-multiaddr's "good" list (the subset of protocols supported here), text round trips unchanged. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/ip4/1.2.3.4",
        "/ip4/0.0.0.0",
        "/ip6/::1",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic-v1",
        "/ip6zone/x/ip6/fe80::1",
        "/ip6zone/x%y/ip6/fe80::1",
        "/ip6zone/x%y/ip6/::",
        "/udp/0",
        "/tcp/0",
        "/udp/1234",
        "/tcp/1234",
        "/tcp/65535",
        "/p2p/" + SHA256_PEER,
        "/p2p/" + ED25519_PEER,
        "/tcp/1234/http",
        "/tcp/1234/tls/http",
        "/tcp/1234/https",
        "/p2p/" + SHA256_PEER + "/tcp/1234",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport",
        "/ip4/127.0.0.1/p2p/" + SHA256_PEER + "/tcp/1234",
        "/ip4/127.0.0.1/tcp/127/ws",
        "/ip4/127.0.0.1/tcp/127/tls/ws",
        "/ip4/127.0.0.1/tcp/127/noise",
        "/ip4/127.0.0.1/tcp/127/wss",
        "/ip4/127.0.0.1/tcp/127/webrtc-direct",
        "/ip4/127.0.0.1/tcp/127/webrtc",
        "/ip4/127.0.0.1/tcp/443/tls/sni/example.com/http",
        "/dnsaddr/bootstrap.libp2p.io/p2p/" + SHA256_PEER,
        "/ip4/1.2.3.4/tcp/1/p2p/" + ED25519_PEER + "/p2p-circuit/p2p/" + SHA256_PEER,
    })
    void goodAddressesRoundTripThroughBothForms(String text) {
        Multiaddr ma = Multiaddr.parse(text);
        assertEquals(text, ma.toString());
        assertEquals(ma, Multiaddr.fromBytes(ma.toBytes()));
    }

    @ParameterizedTest
    @CsvSource({
        "/ip4/127.0.0.1/tcp/1234/, /ip4/127.0.0.1/tcp/1234",
        "/ipfs/" + SHA256_PEER + ", /p2p/" + SHA256_PEER,
        "/ip6/0:0:0:0:0:0:0:1, /ip6/::1",
        "/ip6/2001:DB8:0:0:1:0:0:1, /ip6/2001:db8::1:0:0:1",
        "/ip6/::ffff:192.0.2.1, /ip6/::ffff:192.0.2.1",
        "/ip6/1:0:0:2:0:0:0:3, /ip6/1:0:0:2::3",
        "/ip6/1:2:3:4:5:6:0:0, /ip6/1:2:3:4:5:6::",
        "/ip6/1:2:3:4:5:6:7:0, /ip6/1:2:3:4:5:6:7:0",
    })
    void textIsNormalisedToTheCanonicalForm(String input, String canonical) {
        assertEquals(canonical, Multiaddr.parse(input).toString());
    }

    /** go-multiaddr TestConstructFails (the subset that concerns protocols supported here) and more. */
    @ParameterizedTest
    @ValueSource(strings = {
        "", "/", "//", "ip4/1.2.3.4", "/ip4", "/ip4/::1", "/ip4/fdpsofodsajfdoisa", "/ip4/1.2.3", "/ip4/1.2.3.4.5",
        "/ip4/256.1.1.1", "/ip4/01.2.3.4", "/ip6", "/ip6/1.2.3.4", "/ip6/1::2::3", "/ip6/12345::", "/ip6/[::1]",
        "/ip6/fe80::1%eth0", "/ip6/1:2:3:4:5:6:7:8:9", "/ip6zone", "/ip6zone/", "/ip6zone//ip6/fe80::1", "/udp", "/tcp",
        "/udp/65536", "/tcp/65536", "/tcp/-1", "/tcp/+1", "/tcp/ 80", "/ip4/127.0.0.1/udp/jfodsajfidosajfoidsa",
        "/ip4/127.0.0.1/udp", "/ip4/127.0.0.1/tcp/jfodsajfidosajfoidsa", "/ip4/127.0.0.1/tcp",
        "/ip4/127.0.0.1/quic/1234", "/ip4/127.0.0.1/quic-v1/1234", "/ip4/127.0.0.1/ipfs", "/ip4/127.0.0.1/ipfs/tcp",
        "/ip4/127.0.0.1/p2p", "/ip4/127.0.0.1/p2p/tcp", "/unix", "/dns", "/dns//tcp/1", "/dns4/x/tcp/1/unknown",
        "/ip4/1.2.3.4/tcp/80//",
        // sha2-256 multihash whose digest is longer than 32 bytes
        "/p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY",
        // CID form, not supported
        "/p2p/bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm",
        "/p2p/12D3KooW0OIl",
    })
    void invalidTextIsRejectedWithTheInputNamed(String text) {
        InvalidMultiaddrException e = assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.parse(text));
        assertTrue(e.getMessage().contains("\"" + text + "\"") || text.isEmpty() || text.equals("/"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                 // empty
        "04c00002",         // ip4 truncated
        "0601",             // tcp truncated
        "04c000022a06",     // tcp value missing
        "ff",               // code varint incomplete
        "ffffffffffffffffffff01", // code varint too long
        "8000",             // non-minimal varint
        "e803",             // unknown code 488
        "35",               // dns without length
        "3505612e62",       // dns length past the end
        "3500",             // empty dns name
        "35032f612f",       // dns name with '/'
        "3502c328",         // dns name not UTF-8
        "a503221221c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6", // go-multiaddr bad p2p
        "a50302" + "1200",  // sha2-256 with empty digest
        "a503022201",       // unknown multihash code
    })
    void invalidBinaryIsRejectedWithTheInputQuotedAsHex(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        InvalidMultiaddrException e = assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.fromBytes(bytes));
        if (!hex.isEmpty()) {
            assertTrue(e.getMessage().contains("0x" + hex), e.getMessage());
        }
    }

    @Test
    void oversizedBinaryIsRejectedBeforeParsing() {
        assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.fromBytes(new byte[MultiaddrCodec.MAX_BYTES + 1]));
    }

    @Test
    void accessorsOfATcpAddressWithPeerId() {
        Multiaddr ma = Multiaddr.parse("/ip4/192.0.2.7/tcp/9905/p2p/" + ED25519_PEER);
        assertTrue(ma.isTcp());
        assertEquals("192.0.2.7", ma.host());
        assertEquals(9905, ma.port());
        assertEquals(Optional.of(ED25519_PEER), ma.peerIdBase58());
        assertArrayEquals(Base58.decode(ED25519_PEER), ma.peerIdBytes().orElseThrow());
        Multiaddr bare = ma.withoutPeerId();
        assertEquals("/ip4/192.0.2.7/tcp/9905", bare.toString());
        assertEquals(Optional.empty(), bare.peerIdBase58());
        assertEquals(bare, bare.withoutPeerId());
        assertEquals(ma, bare.withPeerId(Base58.decode(ED25519_PEER)));
        assertEquals(ma, ma.withPeerId(Base58.decode(ED25519_PEER)));
        assertEquals(List.of(MultiaddrProtocol.IP4, MultiaddrProtocol.TCP, MultiaddrProtocol.P2P),
                ma.components().stream().map(MultiaddrComponent::protocol).toList());
    }

    @Test
    void peerIdIsOnlyTheTrailingP2pComponent() {
        Multiaddr relayOnly = Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p/" + ED25519_PEER + "/p2p-circuit");
        assertEquals(Optional.empty(), relayOnly.peerIdBase58());
        Multiaddr target = relayOnly.encapsulate("/p2p/" + SHA256_PEER);
        assertEquals(Optional.of(SHA256_PEER), target.peerIdBase58());
    }

    @Test
    void encapsulateAppendsComponents() {
        Multiaddr host = Multiaddr.parse("/ip4/1.2.3.4");
        assertEquals("/ip4/1.2.3.4/tcp/80", host.encapsulate(Multiaddr.parse("/tcp/80")).toString());
        assertEquals("/ip4/1.2.3.4/tcp/80", host.encapsulate("/tcp/80").toString());
        assertFalse(host.isTcp());
        assertThrows(IllegalStateException.class, host::port);
        assertThrows(IllegalStateException.class, host::toInetSocketAddress);
        assertThrows(IllegalStateException.class, () -> Multiaddr.parse("/tcp/1").host());
    }

    @Test
    void ipAddressesBecomeResolvedSocketAddressesWithoutLookup() throws Exception {
        InetSocketAddress v4 = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001").toInetSocketAddress();
        assertFalse(v4.isUnresolved());
        assertEquals(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), v4.getAddress());
        assertEquals(4001, v4.getPort());
        InetSocketAddress v6 = Multiaddr.parse("/ip6/2001:db8::1/tcp/1").toInetSocketAddress();
        assertFalse(v6.isUnresolved());
        assertEquals(16, v6.getAddress().getAddress().length);
    }

    @Test
    void dnsNamesStayUnresolvedUntilDialled() {
        for (String proto : new String[] {"dns", "dns4", "dns6"}) {
            InetSocketAddress a = Multiaddr.parse("/" + proto + "/node.invalid/tcp/9905/p2p/" + ED25519_PEER).toInetSocketAddress();
            assertTrue(a.isUnresolved());
            assertEquals("node.invalid", a.getHostString());
            assertEquals(9905, a.getPort());
        }
    }

    @Test
    void tcpFromHostAndPortUsesIp4Ip6OrDns4() {
        assertEquals("/ip4/10.0.0.1/tcp/9905", Multiaddr.tcp("10.0.0.1", 9905).toString());
        assertEquals("/ip6/::1/tcp/9905", Multiaddr.tcp("::1", 9905).toString());
        assertEquals("/ip6/::1/tcp/9905", Multiaddr.tcp("[::1]", 9905).toString());
        assertEquals("/dns4/teranode.example/tcp/9905", Multiaddr.tcp("teranode.example", 9905).toString());
        assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.tcp("host", 70000));
        assertThrows(InvalidMultiaddrException.class, () -> Multiaddr.tcp("bad/host", 1));
    }

    @Test
    void tcpFromSocketAddress() throws Exception {
        InetSocketAddress resolved = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 4001);
        assertEquals("/ip4/127.0.0.1/tcp/4001", Multiaddr.tcp(resolved).toString());
        assertEquals("/dns/peer.invalid/tcp/5", Multiaddr.tcp(InetSocketAddress.createUnresolved("peer.invalid", 5)).toString());
        Multiaddr v6 = Multiaddr.tcp(new InetSocketAddress(InetAddress.getByName("2001:db8::2"), 7));
        assertEquals("/ip6/2001:db8::2/tcp/7", v6.toString());
    }

    @Test
    void withPeerIdRejectsBytesThatAreNotAPeerId() {
        Multiaddr ma = Multiaddr.parse("/ip4/1.2.3.4/tcp/1");
        assertThrows(InvalidMultiaddrException.class, () -> ma.withPeerId(new byte[] {0x12, 0x01, 0x00}));
    }

    @Test
    void differentAddressesAreNotEqual() {
        assertNotEquals(Multiaddr.parse("/ip4/1.2.3.4/tcp/1"), Multiaddr.parse("/ip4/1.2.3.4/tcp/2"));
        assertNotEquals(Multiaddr.parse("/dns/a/tcp/1"), Multiaddr.parse("/dns4/a/tcp/1"));
    }
}
