package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.testkit.Await;

/**
 * {@code p2p_dht_mode} client and server on {@code /ipfs/kad/1.0.0} over the real stack (spec teranode-2026.md 1.2,
 * 1.3): the client finds the server's provider record but does not serve the protocol nor announce it.
 */
class DhtClientModeLoopbackTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KAD = DhtProtocol.protocolId(DhtProtocol.IPFS_PREFIX, true);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private P2PNode node() throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0").ioThreads(1).build());
        open.add(node);
        node.start().get(10, TimeUnit.SECONDS);
        return node;
    }

    private KademliaDht dht(P2PNode node, DhtMode mode) {
        DhtNetwork network = mode.network(new P2PNodeDhtNetwork(node, KAD, AddressFilter.DEFAULT));
        KademliaDht dht = new KademliaDht(network, DhtConfig.defaults(KAD));
        open.add(dht);
        dht.start();
        return dht;
    }

    @Test
    void aClientQueriesTheServerButIsNotADhtServerItself() throws Exception {
        P2PNode serverNode = node();
        P2PNode clientNode = node();
        KademliaDht server = dht(serverNode, DhtMode.SERVER);
        KademliaDht client = dht(clientNode, DhtMode.CLIENT);
        assertTrue(serverNode.protocols().contains(KAD));
        assertFalse(clientNode.protocols().contains(KAD), "a client does not serve " + KAD);

        clientNode.connect(serverNode.listenAddresses().get(0).withPeerId(serverNode.peerId().toBytes()))
                .get(10, TimeUnit.SECONDS);
        Await.until("the server to register the client's connection", Duration.ofSeconds(10),
                () -> serverNode.isConnected(clientNode.peerId()));
        assertFalse(serverNode.identify(clientNode.peerId()).get(10, TimeUnit.SECONDS).protocols().contains(KAD));
        Await.until("the client to take the server into its routing table", Duration.ofSeconds(10),
                () -> client.routingTable().size() == 1);

        // A client still provides: its ADD_PROVIDER reaches the server, which then answers lookups with it.
        byte[] key = NamespaceCid.of("teranode/bitcoin/1.0.0/regtest-block").multihash();
        assertEquals(1, client.provide(key).get(10, TimeUnit.SECONDS));
        // ADD_PROVIDER has no answer: the provide completes once it is written, so wait for the server to store it.
        Await.until("the server to store the client's provider record", Duration.ofSeconds(10), () -> {
            try {
                return Set.copyOf(server.findProviders(key, 1).get(10, TimeUnit.SECONDS).stream().map(DhtPeer::id)
                        .toList()).equals(Set.of(clientNode.peerId()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(0, server.routingTable().size(), "a server keeps no client in its routing table");
    }
}
