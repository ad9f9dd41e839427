package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 2, kill -9: four packaged nodes in a full mesh. While an operator bans addresses on node 3 over gRPC
 * in a loop and the other three hosts announce blocks that node 3 accepts and writes to its Kafka blocks topic, node 3's
 * JVM is killed with SIGKILL, then started again on the same data directory.
 *
 * <p>What must survive: every ban whose BanPeer call returned OK before the kill is in ListBanned after the restart
 * (the Derby ban list commits before BanPeer answers). Every announcement node 3 <em>accepted</em> is in Kafka, where
 * accepted means: its Kafka producer's send completed with the broker's acknowledgement ({@code acks=all}, idempotent),
 * which is what {@code p2p_kafka_produced_total} counts; so the blocks topic must hold at least as many distinct
 * records as the last value of that counter read before the kill. Blocks that passed gossip validation but were still
 * in the producer's buffer at the kill were never acknowledged and may be lost: that count is printed.
 */
class MultiHostKillIT {
    private static final int HOSTS = 4;
    private static final int VICTIM = 3;
    /** Kill once this many bans and acknowledged blocks are behind us, so the kill lands mid-stream. */
    private static final int BANS_BEFORE_KILL = 40;
    private static final int PRODUCED_BEFORE_KILL = 12;
    private static LabNetwork network;

    @BeforeAll
    static void startNetwork() throws Exception {
        network = LabNetwork.start("kill", HOSTS);
    }

    @AfterAll
    static void stopNetwork() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void acknowledgedBansAndAnnouncementsSurviveKillMinus9() throws Exception {
        LabNode victim = network.node(VICTIM);
        AtomicBoolean killed = new AtomicBoolean();
        ConcurrentLinkedQueue<String> acknowledgedBans = new ConcurrentLinkedQueue<>();
        AtomicLong producedBeforeKill = new AtomicLong();
        AtomicLong acceptedBeforeKill = new AtomicLong();

        Thread bans = Thread.ofPlatform().name("ban-writer").start(() -> {
            for (int i = 0; !killed.get() && i < 60_000; i++) {
                String target = "198.51." + (100 + i / 250) + "." + (1 + i % 250);
                try {
                    if (victim.ban(target)) {
                        acknowledgedBans.add(target);
                    }
                } catch (RuntimeException killedMidCall) {
                    // no answer: not acknowledged, so not owed after the restart
                }
            }
        });
        Thread announcer = Thread.ofPlatform().name("announcer").start(() -> {
            int seed = 1_000;
            while (!killed.get() && seed < 100_000) {
                for (LabNode node : network.except(VICTIM)) {
                    node.announceBlock(seed++);
                }
                try {
                    Thread.sleep(20); // a steady stream, not a synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            AppNode.await("node 3 acknowledged " + BANS_BEFORE_KILL + " bans and " + PRODUCED_BEFORE_KILL + " blocks",
                    () -> {
                        long produced = (long) victim.metric("p2p_kafka_produced_total", "url", victim.blocksUrl);
                        producedBeforeKill.set(produced);
                        acceptedBeforeKill.set((long) victim.metric("p2p_topic_accepted_total", "topic",
                                LabNode.gossipTopic("block")));
                        return acknowledgedBans.size() >= BANS_BEFORE_KILL && produced >= PRODUCED_BEFORE_KILL;
                    });
            // One more read right before the kill: the counter only grows, so the last value read is owed.
            producedBeforeKill.set((long) victim.metric("p2p_kafka_produced_total", "url", victim.blocksUrl));
            victim.kill();
        } finally {
            killed.set(true);
            bans.join();
            announcer.join();
        }
        assertFalse(victim.isAlive());
        List<String> owedBans = new ArrayList<>(acknowledgedBans);
        List<String> recordsAtKill = network.blockRecords(victim);

        victim.start(network.staticPeers(victim), LabNetwork.GENESIS, "");
        Set<String> listed = new HashSet<>(victim.banned());
        List<String> lost = owedBans.stream().filter(ip -> listed.stream().noneMatch(e -> e.startsWith(ip + "/")
                || e.equals(ip))).toList();
        assertEquals(List.of(), lost, "acknowledged bans missing after kill -9 and restart (of " + owedBans.size() + ")");

        List<String> records = network.blockRecords(victim);
        assertTrue(new HashSet<>(recordsAtKill).size() >= producedBeforeKill.get(),
                "node 3 acknowledged " + producedBeforeKill.get() + " blocks to Kafka before the kill, the topic holds "
                        + new HashSet<>(recordsAtKill).size() + " distinct");
        System.out.printf("kill -9: %d bans acknowledged, all listed after the restart (%d listed); %d blocks "
                        + "acknowledged by Kafka, %d distinct on the topic at the kill (%d accepted by gossip at the "
                        + "last read); %d records after the restart%n", owedBans.size(), listed.size(),
                producedBeforeKill.get(), new HashSet<>(recordsAtKill).size(), acceptedBeforeKill.get(), records.size());

        // The restarted node is a full member again: it rejoins the mesh and writes new blocks to Kafka.
        LabNetwork.awaitConnected(victim, network.others(victim));
        String after = network.node(1).announceBlock(999_999);
        assertTrue(network.awaitBlocks(victim, Set.of(after)).contains(after));
    }
}
