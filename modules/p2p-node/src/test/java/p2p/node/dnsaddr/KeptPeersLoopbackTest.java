package p2p.node.dnsaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.dht.AddressFilter;
import p2p.node.dht.P2PNodeDhtNetwork;
import p2p.node.dht.StaticPeers;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;
import p2p.testkit.Await;

/**
 * The 2026 bootstrap loop over real sockets: a {@code /dnsaddr/} name served by the test's DNS server is resolved,
 * the bootstrap peer it names is dialled, and dialled again after it drops us; a name that does not resolve at first
 * is retried.
 */
class KeptPeersLoopbackTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final StaticPeers.Timing FAST = new StaticPeers.Timing(Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(400));
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        scheduler.shutdownNow();
    }

    private P2PNode node() throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0").ioThreads(1).build());
        open.add(node);
        node.start().get(10, TimeUnit.SECONDS);
        return node;
    }

    @Test
    void aDnsaddrBootstrapPeerIsResolvedDialledAndRedialled() throws Exception {
        TinyDnsServer dns = new TinyDnsServer();
        open.add(dns);
        P2PNode bootstrap = node();
        P2PNode joiner = node();
        Multiaddr bootstrapAddr = bootstrap.listenAddresses().get(0).withPeerId(bootstrap.peerId().toBytes());
        // No record yet: the first resolution yields nothing and is retried.
        KeptPeers kept = new KeptPeers(List.of(Multiaddr.parse("/dnsaddr/regtest.bootstrap.example")),
                new DnsaddrResolver(new JndiTxtLookup("127.0.0.1", dns.port())),
                new P2PNodeDhtNetwork(joiner, "/ipfs/kad/1.0.0", AddressFilter.DEFAULT).dialer(), joiner::isConnected,
                FAST, Duration.ofMillis(200), scheduler, InstantSource.system());
        open.add(kept);
        kept.start();
        Await.until("a first lookup", Duration.ofSeconds(10), () -> dns.queries() >= 1);
        dns.txt("_dnsaddr.regtest.bootstrap.example", "dnsaddr=" + bootstrapAddr);

        Await.until("the joiner to reach the bootstrap peer", Duration.ofSeconds(10),
                () -> joiner.isConnected(bootstrap.peerId()));
        assertEquals(List.of(bootstrap.peerId()), List.copyOf(kept.peers().keySet()));

        bootstrap.disconnect(joiner.peerId()).get(10, TimeUnit.SECONDS);
        Await.until("the joiner to see the drop", Duration.ofSeconds(10), () -> !joiner.isConnected(bootstrap.peerId())
                || joiner.peer(bootstrap.peerId()).isPresent());
        Await.until("the joiner to dial the bootstrap peer again", Duration.ofSeconds(10),
                () -> joiner.isConnected(bootstrap.peerId()) && bootstrap.isConnected(joiner.peerId()));
    }

    /**
     * A bootstrap server moved in DNS is found without a restart; a peer with a dead address first and a live one
     * second is reached (all its addresses are dialled); a lookup that stops answering keeps the last addresses.
     */
    @Test
    void aMovedNameIsFollowedEveryAddressIsDialledAndAFailedLookupKeepsTheLast() throws Exception {
        TinyDnsServer dns = new TinyDnsServer();
        open.add(dns);
        P2PNode first = node();
        P2PNode moved = node();
        P2PNode joiner = node();
        String name = "_dnsaddr.teratestnet.bootstrap.example";
        Multiaddr dead = Multiaddr.parse("/ip4/127.0.0.1/tcp/1").withPeerId(first.peerId().toBytes());
        dns.txt(name, "dnsaddr=" + dead, "dnsaddr=" + first.listenAddresses().get(0)
                .withPeerId(first.peerId().toBytes()));
        KeptPeers kept = new KeptPeers(List.of(Multiaddr.parse("/dnsaddr/teratestnet.bootstrap.example")),
                new DnsaddrResolver(new JndiTxtLookup("127.0.0.1", dns.port())),
                new P2PNodeDhtNetwork(joiner, "/ipfs/kad/1.0.0", AddressFilter.DEFAULT).dialer(), joiner::isConnected,
                FAST, Duration.ofMillis(200), Duration.ofMillis(300), scheduler, InstantSource.system());
        open.add(kept);
        kept.start();
        Await.until("the joiner to reach the first server past its dead address", Duration.ofSeconds(10),
                () -> joiner.isConnected(first.peerId()));
        assertEquals(2, kept.peers().get(first.peerId()).size(), "both addresses kept");

        dns.txt(name, "dnsaddr=" + moved.listenAddresses().get(0).withPeerId(moved.peerId().toBytes()));
        Await.until("the joiner to follow the name to the moved server", Duration.ofSeconds(10),
                () -> joiner.isConnected(moved.peerId()) && kept.peers().containsKey(moved.peerId()));
        assertEquals(List.of(moved.peerId()), List.copyOf(kept.peers().keySet()));

        dns.txt(name);
        int asked = dns.queries();
        Await.until("two more lookups without an answer", Duration.ofSeconds(10), () -> dns.queries() >= asked + 2);
        assertEquals(List.of(moved.peerId()), List.copyOf(kept.peers().keySet()), "the last good addresses stay");
    }
}
