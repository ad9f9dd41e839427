package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;

/**
 * Many routers on the in-memory transport with a virtual clock: delivery to everyone exactly once, and mesh
 * degrees within [D_lo, D_hi] through churn.
 */
class GossipMeshSimulationTest {
    private static final String TOPIC = "bitcoin/mainnet-block";
    private static final Duration HEARTBEAT = GossipConfig.defaults().heartbeatInterval();

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final Map<PeerId, List<Long>> received = new HashMap<>();
    private final List<String> penalties = new ArrayList<>();

    @Test
    void tenNodesReceiveEveryMessageExactlyOnceWithFloodPublish() {
        runMessages(GossipConfig.defaults(), 1000, 11);
    }

    @Test
    void tenNodesReceiveEveryMessageExactlyOnceThroughTheMeshAlone() {
        // Fewer messages: the run above already covers volume; this one covers publishing into the mesh only.
        runMessages(GossipConfig.defaults().withFloodPublish(false), 300, 12);
    }

    private void runMessages(GossipConfig config, int messages, long seed) {
        List<GossipRouter> nodes = startNodes(10, config, seed);
        // Sparse topology: a ring lattice (each node linked to the next two) plus a few chords, so most
        // messages must be relayed through meshes rather than reaching everyone from the publisher.
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < nodes.size(); i++) {
            link(nodes.get(i), nodes.get((i + 1) % nodes.size()));
            link(nodes.get(i), nodes.get((i + 2) % nodes.size()));
        }
        for (int i = 0; i < 3; i++) {
            link(nodes.get(random.nextInt(nodes.size())), nodes.get(random.nextInt(nodes.size())));
        }
        subscribeAll(nodes);
        network.loop.advance(HEARTBEAT.multipliedBy(5));

        for (long n = 0; n < messages; n++) {
            GossipRouter publisher = nodes.get(random.nextInt(nodes.size()));
            publisher.publish(TOPIC, ByteBuffer.allocate(8).putLong(n).array());
            if (n % 40 == 39) {
                network.loop.advance(HEARTBEAT);
            }
        }
        network.loop.advance(HEARTBEAT.multipliedBy(5));

        Set<Long> expected = new HashSet<>();
        for (long n = 0; n < messages; n++) {
            expected.add(n);
        }
        for (GossipRouter node : nodes) {
            List<Long> got = received.get(node.localPeer());
            assertEquals(messages, got.size(), node.localPeer() + " handler calls (duplicates count twice)");
            assertEquals(expected, new HashSet<>(got), node.localPeer() + " got every message");
            assertEquals(messages, node.counters().delivered());
        }
        assertTrue(penalties.isEmpty(), penalties.toString());
    }

    @Test
    void meshDegreeStaysWithinBoundsThroughChurn() {
        GossipConfig config = GossipConfig.defaults();
        List<GossipRouter> nodes = startNodes(20, config, 21);
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                link(nodes.get(i), nodes.get(j));
            }
        }
        subscribeAll(nodes);
        network.loop.advance(HEARTBEAT.multipliedBy(3));
        assertMeshesWithinBounds(config);

        // Stop a quarter of the nodes: their peers lose mesh members and must graft replacements.
        List<GossipRouter> stopped = new ArrayList<>(nodes.subList(0, 5));
        for (GossipRouter node : stopped) {
            network.stop(node);
        }
        network.loop.advance(HEARTBEAT.multipliedBy(3));
        assertMeshesWithinBounds(config);

        // Start five fresh nodes connected to everyone.
        List<GossipRouter> fresh = startNodes(5, config, 40);
        for (GossipRouter node : fresh) {
            for (GossipRouter other : network.nodes()) {
                if (other != node && !network.connected(node.localPeer(), other.localPeer())) {
                    link(node, other);
                }
            }
        }
        subscribeAll(fresh);
        network.loop.advance(HEARTBEAT.multipliedBy(3));
        assertMeshesWithinBounds(config);

        for (GossipRouter node : fresh) {
            assertTrue(sizeOfMesh(node) >= config.dLo(), "fresh node joined a mesh");
        }
        GossipRouter publisher = fresh.get(0);
        publisher.publish(TOPIC, ByteBuffer.allocate(8).putLong(77).array());
        network.loop.advance(HEARTBEAT);
        for (GossipRouter node : network.nodes()) {
            assertTrue(received.get(node.localPeer()).contains(77L), node.localPeer() + " got the message");
        }
    }

    private void assertMeshesWithinBounds(GossipConfig config) {
        Map<PeerId, Set<PeerId>> meshes = new HashMap<>();
        for (GossipRouter node : network.nodes()) {
            meshes.put(node.localPeer(), meshOf(node));
        }
        for (Map.Entry<PeerId, Set<PeerId>> entry : meshes.entrySet()) {
            int size = entry.getValue().size();
            assertTrue(size >= config.dLo() && size <= config.dHi(),
                    entry.getKey() + " mesh degree " + size + " outside [" + config.dLo() + ", " + config.dHi() + "]");
            for (PeerId member : entry.getValue()) {
                assertTrue(meshes.containsKey(member), "mesh holds a stopped peer");
                assertTrue(meshes.get(member).contains(entry.getKey()), "mesh links are mutual");
            }
        }
    }

    private int sizeOfMesh(GossipRouter node) {
        return meshOf(node).size();
    }

    private Set<PeerId> meshOf(GossipRouter node) {
        var future = node.meshPeers(TOPIC);
        network.loop.runUntilIdle();
        return future.join();
    }

    private List<GossipRouter> startNodes(int count, GossipConfig config, long seed) {
        List<GossipRouter> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PeerPenaltyListener listener = (peer, reason, detail) -> penalties.add(peer + " " + reason + " " + detail);
            GossipRouter router = network.addNode(seed * 1000 + i, config, listener);
            List<Long> inbox = new ArrayList<>();
            received.put(router.localPeer(), inbox);
            router.setTopicHandler(TOPIC, (data, from) -> inbox.add(ByteBuffer.wrap(data).getLong()));
            nodes.add(router);
        }
        network.loop.runUntilIdle();
        return nodes;
    }

    private void link(GossipRouter a, GossipRouter b) {
        if (a != b && !network.connected(a.localPeer(), b.localPeer())) {
            network.connect(a, b);
        }
    }

    private void subscribeAll(List<GossipRouter> nodes) {
        for (GossipRouter node : nodes) {
            node.subscribe(TOPIC);
        }
        network.loop.runUntilIdle();
    }
}
