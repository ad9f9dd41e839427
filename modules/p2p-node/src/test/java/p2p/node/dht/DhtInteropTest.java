package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.Psk;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;
import p2p.testkit.js.JsPeer;

/**
 * The Java DHT against js-libp2p's {@code @libp2p/kad-dht} (the version pinned in src/test/js/package.json), both on
 * {@code /teranode/kad/1.0.0} inside a Teranode private network: each finds the other as the provider of a namespace
 * advertised the way routing discovery does it.
 */
@Tag("interop")
class DhtInteropTest {
    private static final String PSK_HEX = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final String PROTOCOL = DhtProtocol.protocolId(DhtProtocol.DEFAULT_PREFIX, true);

    private P2PNode host;
    private KademliaDht dht;
    private JsPeer js;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(JsPeer.available(), "node and the js harness are needed (skip.js unset, npm ci done)");
        host = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").psk(Psk.fromHex(PSK_HEX)).ioThreads(1).build());
        host.start().get(10, TimeUnit.SECONDS);
        dht = new KademliaDht(new P2PNodeDhtNetwork(host, PROTOCOL, AddressFilter.DEFAULT),
                DhtConfig.defaults(PROTOCOL).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)), null,
                InstantSource.system());
        dht.start();
        js = JsPeer.start("dht-peer.mjs", Map.of("psk", PSK_HEX, "protocol", PROTOCOL));
        host.connect(Multiaddr.parse(js.dialAddress())).get(20, TimeUnit.SECONDS);
        PeerId jsId = PeerId.parse(js.peerId());
        // identify lists the js node's kad protocol: it enters our routing table
        KademliaDhtTest.waitUntil(() -> dht.routingTable().contains(jsId));
    }

    @AfterEach
    void stop() throws Exception {
        if (js != null) {
            js.close();
        }
        if (dht != null) {
            dht.close();
        }
        if (host != null) {
            host.stop();
        }
    }

    @Test
    void jsFindsTheJavaNodeAsProviderOfANamespace() throws Exception {
        String namespace = "bitcoin/regtest-block";
        int told = new RoutingDiscovery(dht).advertise(namespace).get(30, TimeUnit.SECONDS);
        assertEquals(1, told, "the js node takes the provider record");
        Map<String, Object> reply = js.call(Duration.ofSeconds(30), "cmd", "findProviders", "namespace", namespace,
                "timeoutMs", 20000);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> providers = (List<Map<String, Object>>) reply.get("providers");
        Map<String, Object> java = providers.stream().filter(p -> host.peerId().toString().equals(p.get("peerId")))
                .findFirst().orElseThrow(() -> new AssertionError("java node not among " + providers));
        assertTrue(((List<?>) java.get("addrs")).contains(host.listenAddresses().get(0).toString()),
                "provider addresses " + java.get("addrs"));
    }

    @Test
    void javaFindsTheJsNodeAsProviderOfANamespace() throws Exception {
        String namespace = "bitcoin/regtest-subtree";
        js.call(Duration.ofSeconds(40), "cmd", "provide", "namespace", namespace);
        PeerId jsId = PeerId.parse(js.peerId());
        // js's provide answers once its ADD_PROVIDER is sent; our side stores it a moment later on its own thread.
        KademliaDhtTest.waitUntil(() -> dht.providerStore().get(NamespaceCid.of(namespace).multihash()).size() == 1);
        assertEquals(1, dht.providerStore().get(NamespaceCid.of(namespace).multihash()).size(),
                "the js node's ADD_PROVIDER reached us");
        dht.providerStore().expire();
        List<DhtPeer> found = new RoutingDiscovery(dht).findPeers(namespace).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(jsId), found.stream().map(DhtPeer::id).toList());
        assertTrue(found.get(0).addresses().contains(Multiaddr.parse(js.dialAddress()).withoutPeerId()),
                "provider addresses " + found.get(0).addresses());
    }
}
