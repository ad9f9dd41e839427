package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import p2p.testkit.Await;

/**
 * Issue 18 item 2, the partition: four packaged nodes in a full static-peer mesh; host 4's link goes down for at least
 * 30 s and until the other three have noticed (the yamux keepalive closes a connection whose PING went unanswered,
 * 30-60 s), then comes back. Host 4 rejoins by the static-peer redial with its capped backoff, the block topic's mesh
 * re-forms, and no block announcement that any node accepted, before, during or after, is missing from that node's
 * Kafka topic: each node's accepted count equals the records on its blocks topic, one per hash. The DHT re-forms
 * too ({@code p2p_dht_routing_table_peers}): every table holds the other three before; during the cut the others'
 * lookups time out on host 4 and drop it (Kademlia removes a peer that fails a query, not one that merely
 * disconnected), and host 4's own lookups empty its table; after the heal the reconnected peers are added again and
 * every table holds three. Blocks the connected
 * side announced during the partition reach the connected side; what host 4 announced alone is printed (gossip does
 * not replay old messages to a peer that comes back, in Teranode as here).
 */
class MultiHostPartitionIT {
    private static final int HOSTS = 4;
    private static final int CUT = 4;
    private static final Duration MIN_PARTITION = Duration.ofSeconds(30);
    /** Keepalive detection (<= 2 x 30 s) plus a loaded machine. */
    private static final Duration DETECTION = Duration.ofSeconds(150);
    /** The redial backoff doubles from 5 s while the link is down; after the heal the next attempt can be that far. */
    private static final Duration REJOIN = Duration.ofMinutes(4);
    /** Discovery looks providers up every 5 s; a query to a cut host times out after 10 s. */
    private static final Duration DHT_FORGETS = Duration.ofSeconds(90);
    private static LabNetwork network;

    @BeforeAll
    static void startNetwork() throws Exception {
        network = LabNetwork.start("partition", HOSTS);
    }

    @AfterAll
    static void stopNetwork() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void cutHostRejoinsAndNoAcceptedAnnouncementIsMissingFromKafka() throws Exception {
        LabNode cut = network.node(CUT);
        List<LabNode> rest = network.except(CUT);
        awaitRoutingTables("every routing table holds the other three", network.nodes, 3, DETECTION);
        List<String[]> before = announce(network.nodes, 100);
        awaitDelivered(before, network.nodes);

        long cutAt = System.nanoTime();
        network.lab.linkDown(CUT);
        List<String[]> during = new ArrayList<>();
        try {
            during.addAll(announce(network.nodes, 200));
            Await.until("the others drop host 4 (keepalive)", DETECTION, () -> rest.stream()
                    .noneMatch(node -> node.peerIds().contains(cut.peerId)));
            long detected = System.nanoTime() - cutAt;
            during.addAll(announce(network.nodes, 300));
            awaitDelivered(during.stream().filter(e -> !e[0].equals("" + CUT)).toList(), rest);
            awaitRoutingTables("the others' lookups drop host 4 from their routing tables", rest, 2, DHT_FORGETS);
            awaitRoutingTables("host 4's lookups empty its own routing table", List.of(cut), 0, DHT_FORGETS);
            System.out.printf("partition: the routing tables lost host 4 %.1f s after the cut%n",
                    (System.nanoTime() - cutAt) / 1e9);
            // The cut is a fault of a given length: hold it for at least MIN_PARTITION, whatever was seen meanwhile.
            long left = MIN_PARTITION.toNanos() - (System.nanoTime() - cutAt);
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
            System.out.printf("partition: host 4 cut for %.1f s; the others dropped it after %.1f s%n",
                    (System.nanoTime() - cutAt) / 1e9, detected / 1e9);
        } finally {
            network.lab.linkUp(CUT);
        }
        long healedAt = System.nanoTime();
        Await.until(() -> "host 4 rejoins every node\n" + network.diagnosis(), REJOIN, () -> network.nodes.stream()
                .allMatch(node -> LabNetwork.connectedTo(node, network.others(node))));
        System.out.printf("partition: mesh re-formed %.1f s after the link came back%n",
                (System.nanoTime() - healedAt) / 1e9);
        awaitRoutingTables("every routing table holds the other three again", network.nodes, 3, REJOIN);
        System.out.printf("partition: routing tables whole again %.1f s after the link came back%n",
                (System.nanoTime() - healedAt) / 1e9);

        List<String[]> after = announce(network.nodes, 400);
        awaitDelivered(after, network.nodes);

        Set<String> aloneOnHost4 = new HashSet<>();
        during.stream().filter(e -> e[0].equals("" + CUT)).forEach(e -> aloneOnHost4.add(e[1]));
        for (LabNode node : network.nodes) {
            double accepted = node.metric("p2p_topic_accepted_total", "topic", LabNode.gossipTopic("block"));
            List<String> hashes = network.blockRecords(node);
            assertEquals(hashes.size(), new HashSet<>(hashes).size(), node + " wrote a block twice: " + hashes);
            assertEquals((long) accepted, hashes.size(), node + ": accepted blocks and Kafka records differ");
            if (node != cut) {
                Set<String> reached = new HashSet<>(hashes);
                reached.retainAll(aloneOnHost4);
                System.out.printf("partition: %s holds %d of the %d blocks host 4 announced while cut off%n",
                        node.name, reached.size(), aloneOnHost4.size());
            }
        }
    }

    /** Waits until every node of {@code nodes} reports {@code size} peers in its DHT routing table. */
    private static void awaitRoutingTables(String what, List<LabNode> nodes, int size, Duration deadline) {
        Await.until(() -> what + "; tables: " + routingTables(nodes), deadline, () -> nodes.stream()
                .allMatch(node -> routingTable(node) == size));
    }

    private static double routingTable(LabNode node) {
        try {
            return node.metric("p2p_dht_routing_table_peers");
        } catch (Exception e) {
            return Double.NaN; // the scrape failed: not the size asked for, so the wait goes on
        }
    }

    private static String routingTables(List<LabNode> nodes) {
        StringBuilder out = new StringBuilder();
        nodes.forEach(node -> out.append(node.name).append('=').append(routingTable(node)).append(' '));
        return out.toString().trim();
    }

    /** Each of {@code publishers} announces two blocks; returns {publisher host, hash}. */
    private static List<String[]> announce(List<LabNode> publishers, int seedBase) {
        List<String[]> published = new ArrayList<>();
        for (LabNode node : publishers) {
            for (int k = 0; k < 2; k++) {
                published.add(new String[] {"" + node.host, node.announceBlock(seedBase + node.host * 10 + k)});
            }
        }
        return published;
    }

    /** Every block of {@code published} reaches the blocks topic of every one of {@code receivers} but its publisher. */
    private static void awaitDelivered(List<String[]> published, List<LabNode> receivers) {
        for (LabNode receiver : receivers) {
            Set<String> expected = new HashSet<>();
            published.stream().filter(e -> !e[0].equals("" + receiver.host)).forEach(e -> expected.add(e[1]));
            assertTrue(network.awaitBlocks(receiver, expected).containsAll(expected));
        }
    }
}
