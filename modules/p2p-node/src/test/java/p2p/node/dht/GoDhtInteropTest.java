package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.Psk;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;
import p2p.testkit.Await;
import p2p.testkit.go.GoPeer;

/**
 * The Java DHT against go-libp2p-kad-dht v0.33.1 (the Go test peer, server mode, protocol prefix {@code /teranode}
 * as Teranode configures it), inside a Teranode private network (teranode-p2p.md sections 2.8 and 2.9): a Java node
 * and a Go peer that know nothing of each other but a third node, their bootstrap node (Java or Go), find each other
 * as the provider of a topic namespace advertised the way routing discovery does it (CIDv1 raw, sha2-256 of the
 * name).
 */
@Tag("interop")
class GoDhtInteropTest {
    private static final String PSK_HEX = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final String PROTOCOL = DhtProtocol.protocolId(DhtProtocol.DEFAULT_PREFIX, true);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** Which implementation runs the bootstrap node. */
    enum Bootstrap { JAVA, GO }

    /** A Java node with its DHT. */
    private record JavaDht(P2PNode host, KademliaDht dht) {
        String dialAddress() {
            return host.listenAddresses().get(0).withPeerId(host.peerId().toBytes()).toString();
        }
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private String bootstrapAddress;
    private PeerId bootstrapId;
    /** The bootstrap node's DHT when it is a Java node. */
    private KademliaDht bootstrapDht;
    /** The bootstrap node when it is a Go peer. */
    private GoPeer bootstrapGo;

    @BeforeEach
    void goPresent() {
        assumeTrue(GoPeer.available(), "go is not installed (or -Dskip.go=true): the Go test peer cannot run");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private JavaDht javaDht() throws Exception {
        P2PNode host = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").psk(Psk.fromHex(PSK_HEX)).ioThreads(1).build());
        closeables.add(host::stop);
        host.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        KademliaDht dht = new KademliaDht(new P2PNodeDhtNetwork(host, PROTOCOL, AddressFilter.DEFAULT),
                DhtConfig.defaults(PROTOCOL).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)), null,
                InstantSource.system());
        closeables.add(dht);
        dht.start();
        return new JavaDht(host, dht);
    }

    private GoPeer goDht(List<String> bootstrap) throws Exception {
        GoPeer go = GoPeer.start(GoPeer.config("psk", PSK_HEX, "pubsub", false, "bootstrap", bootstrap));
        closeables.add(go);
        return go;
    }

    private void startBootstrap(Bootstrap kind) throws Exception {
        if (kind == Bootstrap.JAVA) {
            JavaDht node = javaDht();
            bootstrapAddress = node.dialAddress();
            bootstrapId = node.host().peerId();
            bootstrapDht = node.dht();
        } else {
            GoPeer node = goDht(List.of());
            bootstrapAddress = node.dialAddress();
            bootstrapId = PeerId.parse(node.peerId());
            bootstrapGo = node;
        }
    }

    /** A Java node that knows only the bootstrap node: connected, in its routing table, table refreshed. */
    private JavaDht javaJoiningThroughBootstrap() throws Exception {
        JavaDht java = javaDht();
        java.host().connect(Multiaddr.parse(bootstrapAddress)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        // identify lists the bootstrap node's kad protocol: it enters the routing table
        Await.until("the bootstrap node in the Java routing table", DEADLINE,
                () -> java.dht().routingTable().contains(bootstrapId));
        java.dht().refresh().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return java;
    }

    /** A Go peer that knows only the bootstrap node, which it dials before starting its DHT, as Teranode does. */
    private GoPeer goJoiningThroughBootstrap() throws Exception {
        GoPeer go = goDht(List.of(bootstrapAddress));
        assertTrue(go.eventsSoFar().stream().noneMatch(e -> "bootstrapFailed".equals(e.get("event"))),
                go.eventsSoFar()::toString);
        Await.until("the bootstrap node in the Go routing table", DEADLINE,
                () -> routingTable(go).contains(bootstrapId.toBase58()));
        return go;
    }

    /**
     * Waits until the bootstrap node holds {@code provider}'s record of {@code namespace}: ADD_PROVIDER has no answer,
     * so a provide completes once it is sent and the bootstrap node stores the record a moment later. A Go bootstrap
     * node answers a find from its own store first.
     */
    private void awaitRecordAtBootstrap(String namespace, PeerId provider) {
        byte[] key = NamespaceCid.of(namespace).multihash();
        Await.until("the bootstrap node stores the provider record of " + provider, DEADLINE, () -> {
            if (bootstrapDht != null) {
                return bootstrapDht.providerStore().get(key).stream().anyMatch(p -> p.peer().equals(provider));
            }
            try {
                Object found = bootstrapGo.call(DEADLINE, "cmd", "findProviders", "namespace", namespace,
                        "limit", 1, "timeoutMs", 1000).get("providers");
                return ((List<?>) found).stream().anyMatch(p -> provider.toBase58().equals(((Map<?, ?>) p)
                        .get("peerId")));
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<?> routingTable(GoPeer go) {
        try {
            return (List<?>) go.call(DEADLINE, "cmd", "routingTable").get("peers");
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The Java node joins and advertises while the bootstrap node is the only DHT peer it knows, so the record is
     * stored there alone; the Go peer joins afterwards and finds the Java node by asking.
     */
    @ParameterizedTest
    @EnumSource(Bootstrap.class)
    void goFindsTheJavaNodeAsProviderOfANamespaceThroughTheBootstrapNode(Bootstrap kind) throws Exception {
        startBootstrap(kind);
        JavaDht java = javaJoiningThroughBootstrap();
        String namespace = "bitcoin/mainnet-block";
        int told = new RoutingDiscovery(java.dht()).advertise(namespace).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(1, told, "the bootstrap node, the only DHT peer the Java node knows, took the record");
        awaitRecordAtBootstrap(namespace, java.host().peerId());

        GoPeer go = goJoiningThroughBootstrap();
        assertEquals(NamespaceCid.of(namespace).toString(),
                go.call(DEADLINE, "cmd", "namespaceCid", "namespace", namespace).get("cid"), "same DHT key");
        Map<String, Object> reply = go.call(DEADLINE, "cmd", "findProviders", "namespace", namespace,
                "timeoutMs", 30_000);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> providers = (List<Map<String, Object>>) reply.get("providers");
        assertEquals(List.of(java.host().peerId().toBase58()), providers.stream().map(p -> p.get("peerId")).toList());
        assertTrue(((List<?>) providers.get(0).get("addrs")).contains(java.host().listenAddresses().get(0).toString()),
                () -> "provider addresses " + providers.get(0).get("addrs"));
    }

    /**
     * The Go peer joins and provides while the bootstrap node is the only DHT peer it knows; the Java node joins
     * afterwards, holds no record, and finds the Go peer by asking.
     */
    @ParameterizedTest
    @EnumSource(Bootstrap.class)
    void javaFindsTheGoPeerAsProviderOfANamespaceThroughTheBootstrapNode(Bootstrap kind) throws Exception {
        startBootstrap(kind);
        GoPeer go = goJoiningThroughBootstrap();
        PeerId goId = PeerId.parse(go.peerId());
        String namespace = "bitcoin/mainnet-subtree";
        go.call(DEADLINE, "cmd", "provide", "namespace", namespace, "timeoutMs", 30_000);
        awaitRecordAtBootstrap(namespace, goId);

        JavaDht java = javaJoiningThroughBootstrap();
        assertTrue(java.dht().providerStore().get(NamespaceCid.of(namespace).multihash()).isEmpty());
        List<DhtPeer> found = new RoutingDiscovery(java.dht()).findPeers(namespace)
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertEquals(List.of(goId), found.stream().map(DhtPeer::id).toList());
        Multiaddr goAddress = Multiaddr.parse(go.dialAddress()).withoutPeerId();
        assertTrue(found.get(0).addresses().contains(goAddress), () -> "provider addresses "
                + found.get(0).addresses());
    }
}
