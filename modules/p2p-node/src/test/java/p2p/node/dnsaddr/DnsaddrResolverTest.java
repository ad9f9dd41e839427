package p2p.node.dnsaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import p2p.node.multiaddr.Multiaddr;

/**
 * {@code /dnsaddr/} resolution (spec teranode-2026.md 1.3) through the JDK's DNS provider against a DNS server on
 * loopback written for the test, shaped as teratestnet's bootstrap records are.
 */
class DnsaddrResolverTest {
    private static final String A = "12D3KooWH5JVqGdaw7JEizmysCfRRcPGTFfvRJF7Hkure7oQWYnb";
    private static final String B = "12D3KooW9z2JRV37TqsmU8sDQcSQDZGSgtPpvWUmVegYxYvXfW9H";

    private TinyDnsServer dns;
    private DnsaddrResolver resolver;

    @BeforeEach
    void startDns() throws Exception {
        dns = new TinyDnsServer();
        resolver = new DnsaddrResolver(new JndiTxtLookup("127.0.0.1", dns.port()));
    }

    @AfterEach
    void stopDns() throws Exception {
        dns.close();
    }

    @Test
    void resolvesTxtRecordsRecursivelyAndIgnoresOtherRecords() {
        dns.txt("_dnsaddr.teratestnet.bootstrap.example",
                "dnsaddr=/dns4/us.example/tcp/9905/p2p/" + A,
                "dnsaddr=/dnsaddr/eu.bootstrap.example",
                "v=spf1 -all",
                "dnsaddr=/not/a/multiaddr");
        dns.txt("_dnsaddr.eu.bootstrap.example", "dnsaddr=/ip4/203.0.113.7/tcp/9905/p2p/" + B);
        List<Multiaddr> out = resolver.resolve(Multiaddr.parse("/dnsaddr/teratestnet.bootstrap.example"));
        assertEquals(List.of(Multiaddr.parse("/dns4/us.example/tcp/9905/p2p/" + A),
                Multiaddr.parse("/ip4/203.0.113.7/tcp/9905/p2p/" + B)), out);
    }

    @Test
    void aPeerIdSuffixKeepsOnlyThatPeersAddresses() {
        dns.txt("_dnsaddr.boot.example",
                "dnsaddr=/ip4/203.0.113.1/tcp/9905/p2p/" + A,
                "dnsaddr=/ip4/203.0.113.2/tcp/9905/p2p/" + B,
                "dnsaddr=/ip6/2001:db8::1/tcp/9905/p2p/" + B);
        List<Multiaddr> out = resolver.resolve(Multiaddr.parse("/dnsaddr/boot.example/p2p/" + B));
        assertEquals(List.of(Multiaddr.parse("/ip4/203.0.113.2/tcp/9905/p2p/" + B),
                Multiaddr.parse("/ip6/2001:db8::1/tcp/9905/p2p/" + B)), out);
    }

    @Test
    void aLongRecordSplitIntoSeveralStringsIsJoined() {
        String host = String.join(".", "a".repeat(60), "b".repeat(60), "c".repeat(60), "d".repeat(60), "example");
        String addr = "/dns4/" + host + "/tcp/9905/p2p/" + A;
        assertTrue(addr.length() > 255, "the record must need two character-strings");
        dns.txt("_dnsaddr.long.example", "dnsaddr=" + addr);
        assertEquals(List.of(Multiaddr.parse(addr)), resolver.resolve(Multiaddr.parse("/dnsaddr/long.example")));
    }

    @Test
    void anUnknownNameResolvesToNothing() {
        assertEquals(List.of(), resolver.resolve(Multiaddr.parse("/dnsaddr/nothing.example")));
        assertTrue(dns.queries() >= 1);
    }

    @Test
    void otherAddressesAreReturnedAsTheyAre() {
        Multiaddr plain = Multiaddr.parse("/ip4/203.0.113.1/tcp/9905/p2p/" + A);
        assertEquals(List.of(plain), resolver.resolve(plain));
        assertEquals(0, dns.queries());
    }

    @Test
    void aLoopOfRecordsStopsAtTheDepthLimit() {
        dns.txt("_dnsaddr.loop.example", "dnsaddr=/dnsaddr/loop.example");
        DnsaddrException e = assertThrows(DnsaddrException.class,
                () -> resolver.resolve(Multiaddr.parse("/dnsaddr/loop.example")));
        assertTrue(e.getMessage().contains("deeper"), e.getMessage());
    }

    @Test
    void aServerThatDoesNotAnswerIsALookupFailureNamingTheName() throws Exception {
        dns.close();
        DnsaddrResolver dead = new DnsaddrResolver(new JndiTxtLookup("127.0.0.1", dns.port()));
        DnsaddrException e = assertThrows(DnsaddrException.class,
                () -> dead.resolve(Multiaddr.parse("/dnsaddr/gone.example")));
        assertTrue(e.getMessage().contains("_dnsaddr.gone.example"), e.getMessage());
    }

    @Test
    void quotedMultiStringValuesAreJoined() {
        assertEquals("dnsaddr=/ip4/1.2.3.4/tcp/1", JndiTxtLookup.unquote("\"dnsaddr=/ip4/1.2.\" \"3.4/tcp/1\""));
        assertEquals("plain", JndiTxtLookup.unquote("plain"));
        assertEquals("dnsaddr=/ip4/1.2.3.4/tcp/1", JndiTxtLookup.unquote("dnsaddr=/ip4/1.2. 3.4/tcp/1"));
    }

    @Test
    void aConfiguredNameIsCheckedBeforeAnyLookup() {
        assertEquals("/dnsaddr/teratestnet.bootstrap.teranode.bsvb.tech",
                DnsaddrResolver.checkConfigured("/dnsaddr/teratestnet.bootstrap.teranode.bsvb.tech").toString());
        assertEquals("/dnsaddr/boot.example/p2p/" + A, DnsaddrResolver.checkConfigured("/dnsaddr/boot.example/p2p/" + A)
                .toString());
        for (String bad : List.of("/dnsaddr/", "/dnsaddr/-boot.example", "/dnsaddr/boot..example",
                "/dnsaddr/boot_example.com", "/dnsaddr/" + "a".repeat(64) + ".example", "/dnsaddr/boot.example/tcp/1",
                "/dnsaddr/boot.example/p2p/notapeer", "/ip4/1.2.3.4/tcp/1/p2p/" + A, "dnsaddr/boot.example")) {
            DnsaddrException e = assertThrows(DnsaddrException.class, () -> DnsaddrResolver.checkConfigured(bad),
                    bad);
            assertTrue(!e.getMessage().isEmpty(), bad);
        }
        assertEquals(0, dns.queries(), "nothing was looked up");
    }
}
