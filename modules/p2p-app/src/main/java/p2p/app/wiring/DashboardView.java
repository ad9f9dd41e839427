package p2p.app.wiring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import p2p.kafka.KafkaStats;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.pubsub.Gossipsub;
import p2p.server.GossipServer;
import p2p.web.NodeOverview;

/**
 * The dashboard's view of the running node ({@link NodeOverview}, README "Dashboard"): its addresses from the libp2p
 * node, topics and per-topic received counts from the gossip server, the Kafka clients' counters. The DHT's routing
 * table is not reachable from here (the discovery parts keep it to themselves), so its size is reported unknown.
 */
public final class DashboardView implements NodeOverview {
    /** How long one topic-peers question may take before the dashboard shows it as unknown. */
    private static final long TOPIC_PEERS_WAIT_MILLIS = 500;

    private final P2PNode node;
    private final String protocol;
    private final String dhtMode;
    private final IntSupplier routingTableSize;
    private final GossipServer server;
    private final Gossipsub gossipsub;
    private final List<Kafka> kafka;

    /**
     * @param protocol {@code p2p_protocol}
     * @param dhtMode  the DHT mode the discovery runs in
     * @param routingTableSize the DHT's routing-table size now, -1 without a DHT
     * @param kafka    the Kafka clients and their counters
     */
    public DashboardView(P2PNode node, Gossipsub gossipsub, String protocol, String dhtMode,
                         IntSupplier routingTableSize, GossipServer server, List<Kafka> kafka) {
        this.gossipsub = gossipsub;
        this.routingTableSize = routingTableSize;
        this.node = node;
        this.protocol = protocol;
        this.dhtMode = dhtMode;
        this.server = server;
        this.kafka = List.copyOf(kafka);
    }

    @Override
    public String peerId() {
        return node.peerId().toBase58();
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public List<String> listenAddresses() {
        return node.listenAddresses().stream().map(Multiaddr::toString).toList();
    }

    @Override
    public List<String> advertisedAddresses() {
        return node.advertisedAddresses().stream().map(Multiaddr::toString).toList();
    }

    @Override
    public String dhtMode() {
        return dhtMode;
    }

    @Override
    public int routingTableSize() {
        return routingTableSize.getAsInt();
    }

    @Override
    public List<String> topics() {
        return server.topics();
    }

    @Override
    public int topicPeers(String topic) {
        return count(gossipsub.router().topicPeers(topic));
    }

    @Override
    public int meshPeers(String topic) {
        return count(gossipsub.router().meshPeers(topic));
    }

    /** How many peers the pubsub loop answered; -1 when it did not answer in time (shown as unknown). */
    private static int count(CompletableFuture<Set<PeerId>> peers) {
        try {
            return peers.get(TOPIC_PEERS_WAIT_MILLIS, TimeUnit.MILLISECONDS).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }

    @Override
    public Map<String, Long> receivedPerTopic() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String topic : server.topics()) {
            counts.put(topic, server.counters().topic(topic).received());
        }
        return counts;
    }

    @Override
    public List<KafkaClient> kafka() {
        return kafka.stream().map(k -> new KafkaClient(k.setting(), k.url(), k.role(), k.stats().produced(),
                k.stats().failed(), k.stats().dropped(), k.stats().consumed(), k.stats().rejected())).toList();
    }

    /** One Kafka client: its {@code kafka_*Config} setting, URL, {@code producer} or {@code consumer}, counters. */
    public record Kafka(String setting, String url, String role, KafkaStats stats) {
    }
}
