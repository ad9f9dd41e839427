package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.Psk;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.wire.Varint;

/** The DHT and discovery over the real stack on 127.0.0.1: tcp, pnet, Noise, yamux, identify, kad streams. */
class DhtLoopbackTest {
    private static final Psk PSK = Psk.fromHex("285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137");
    private static final String PROTOCOL = DhtProtocol.protocolId(DhtProtocol.DEFAULT_PREFIX, true);
    private static final List<String> TOPICS = List.of("bitcoin/regtest-block", "bitcoin/regtest-subtree");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<P2PNode> hosts = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        hosts.forEach(P2PNode::stop);
        scheduler.shutdownNow();
    }

    private record Node(P2PNode host, P2PNodeDhtNetwork network, KademliaDht dht) {
    }

    private Node node() throws Exception {
        P2PNode host = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM)).listen("/ip4/127.0.0.1/tcp/0")
                .psk(PSK).ioThreads(1).build());
        hosts.add(host);
        host.start().get(10, TimeUnit.SECONDS);
        P2PNodeDhtNetwork network = new P2PNodeDhtNetwork(host, PROTOCOL, AddressFilter.DEFAULT);
        DhtConfig config = DhtConfig.defaults(PROTOCOL).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
        KademliaDht dht = new KademliaDht(network, config, scheduler, InstantSource.system());
        dht.start();
        closeables.add(dht);
        return new Node(host, network, dht);
    }

    private static Multiaddr dialAddress(P2PNode host) {
        return host.listenAddresses().get(0).withPeerId(host.peerId().toBytes());
    }

    @Test
    void sixNodesWithOneBootstrapFindEachOtherAsProvidersAndConnect() throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            nodes.add(node());
        }
        Multiaddr bootstrap = dialAddress(nodes.get(0).host());
        Discovery.Settings settings = new Discovery.Settings(TOPICS, List.of(bootstrap), List.of(), false,
                Duration.ofMillis(300), Duration.ofMillis(300), StaticPeers.Timing.DEFAULT);
        for (Node n : nodes) {
            Discovery discovery = new Discovery(settings, n.host().peerId(),
                    Discovery.Finder.of(new RoutingDiscovery(n.dht())), n.network().dialer(), n.host()::isConnected,
                    peer -> false, AddressFilter.DEFAULT, scheduler, InstantSource.system());
            discovery.start();
            closeables.add(discovery);
        }
        KademliaDhtTest.waitUntil(() -> nodes.stream().allMatch(n -> n.host().peers().size() == 5));
        Set<PeerId> everyone = new HashSet<>();
        nodes.forEach(n -> everyone.add(n.host().peerId()));
        // the provider records themselves are there: each node finds the five others under each topic
        for (Node n : nodes) {
            for (String topic : TOPICS) {
                KademliaDhtTest.waitUntil(() -> {
                    Set<PeerId> found = new HashSet<>();
                    new RoutingDiscovery(n.dht()).findPeers(topic).join().forEach(p -> found.add(p.id()));
                    found.add(n.host().peerId());
                    return found.equals(everyone);
                });
            }
        }
    }

    @Test
    void hostileStreamIsResetWhileTheNodeKeepsServing() throws Exception {
        Node server = node();
        Node client = node();
        client.host().connect(dialAddress(server.host())).get(10, TimeUnit.SECONDS);
        // an oversized length prefix on a kad stream
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Channel stream = client.host().newStream(server.host().peerId(), PROTOCOL,
                s -> s.closeFuture().addListener(f -> closed.complete(null))).get(10, TimeUnit.SECONDS);
        io.netty.buffer.ByteBuf prefix = Unpooled.buffer();
        Varint.write(prefix, DhtProtocol.MAX_MESSAGE_BYTES + 1L);
        prefix.writeZero(64);
        stream.writeAndFlush(prefix);
        closed.get(10, TimeUnit.SECONDS);
        // the connection and the DHT still work
        assertTrue(client.host().isConnected(server.host().peerId()));
        DhtMessage answer = client.network().request(server.host().peerId(), List.of(),
                DhtMessage.request(DhtMessage.Type.FIND_NODE, client.host().peerId().toBytes()), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        assertEquals(DhtMessage.Type.FIND_NODE, answer.type());
        // and a PUT_VALUE is refused with a reset, not an answer
        CompletableFuture<DhtMessage> refused = client.network().request(server.host().peerId(), List.of(),
                DhtMessage.request(DhtMessage.Type.PUT_VALUE, new byte[] {1}), Duration.ofSeconds(5));
        KademliaDhtTest.waitUntil(refused::isDone);
        assertTrue(refused.isCompletedExceptionally());
        assertTrue(client.host().isConnected(server.host().peerId()));
    }
}
