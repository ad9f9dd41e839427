package p2p.web.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import p2p.ban.BanEntry;
import p2p.web.NodeOverview;
import p2p.web.PeerStatusView;
import p2p.web.PeerView;
import p2p.web.json.JsonText;
import p2p.web.notify.NotificationHub;

/**
 * The JSON documents of {@code /api/v1/} (README, "Dashboard"), written with the module's {@link JsonText}: snake_case
 * names as in the {@code /p2p-ws} notifications, times in Unix seconds, unknown counts as -1.
 */
final class ApiDocuments {
    private static final PeerStatusView NO_STATUS = new PeerStatusView("", "", "", "");
    private ApiDocuments() {
    }

    /**
     * {@code GET /api/v1/peers}: GetPeers' peers with the fields the dashboard shows, and what a 2026 peer's last
     * node_status said (empty strings for a 2025 peer or before its first status).
     */
    static String peers(List<PeerView> peers, Function<String, Optional<PeerStatusView>> statuses) {
        List<String> rows = new ArrayList<>(peers.size());
        for (PeerView p : peers) {
            PeerStatusView status = statuses.apply(p.id()).orElse(NO_STATUS);
            rows.add(JsonText.object()
                    .field("id", p.id())
                    .field("addr", p.addr())
                    .field("addr_local", p.addrLocal())
                    .field("inbound", p.inbound())
                    .field("conn_time", p.connTime())
                    .field("last_send", p.lastSend())
                    .field("last_recv", p.lastRecv())
                    .field("bytes_sent", p.bytesSent())
                    .field("bytes_received", p.bytesReceived())
                    .field("ping_time_us", p.pingTime())
                    .field("version", p.version())
                    .field("user_agent", p.subVer())
                    .field("starting_height", p.startingHeight())
                    .field("current_height", p.currentHeight())
                    .field("ban_score", p.banScore())
                    .field("best_hash", status.bestHash())
                    .field("data_hub_url", status.dataHubUrl())
                    .field("storage", status.storage())
                    .field("client_name", status.clientName())
                    .end());
        }
        return JsonText.object().rawField("peers", JsonText.array(rows)).end();
    }

    /** {@code GET /api/v1/network}: this node, its addresses, discovery and peers per topic. */
    static String network(NodeOverview node, int connectedPeers) {
        List<String> topics = new ArrayList<>();
        for (String topic : node.topics()) {
            topics.add(JsonText.object().field("topic", topic).field("peers", node.topicPeers(topic))
                    .field("mesh", node.meshPeers(topic)).end());
        }
        return JsonText.object()
                .field("peer_id", node.peerId())
                .field("protocol", node.protocol())
                .rawField("listen_addresses", JsonText.strings(node.listenAddresses()))
                .rawField("advertised_addresses", JsonText.strings(node.advertisedAddresses()))
                .field("dht_mode", node.dhtMode())
                .field("routing_table_size", node.routingTableSize())
                .field("connected_peers", connectedPeers)
                .rawField("topics", JsonText.array(topics))
                .end();
    }

    /** {@code GET /api/v1/rates}: messages received per topic per minute, oldest minute first. */
    static String rates(RateRing.Snapshot snapshot) {
        List<String> topics = new ArrayList<>();
        for (Map.Entry<String, long[]> topic : snapshot.counts().entrySet()) {
            topics.add(JsonText.object().field("topic", topic.getKey())
                    .rawField("counts", JsonText.numbers(topic.getValue())).end());
        }
        return JsonText.object()
                .field("start", snapshot.startSeconds())
                .field("minute_seconds", 60)
                .rawField("topics", JsonText.array(topics))
                .end();
    }

    /** {@code GET /api/v1/bans}: the ban list with expiries (null when the list does not keep them). */
    static String bans(List<BanEntry> entries) {
        List<String> rows = new ArrayList<>(entries.size());
        for (BanEntry entry : entries) {
            rows.add(JsonText.object()
                    .field("key", entry.key())
                    .field("subnet", entry.subnet())
                    .rawField("expires_at", entry.expiresAt() == null ? "null"
                            : Long.toString(entry.expiresAt().getEpochSecond()))
                    .end());
        }
        return JsonText.object().rawField("bans", JsonText.array(rows)).end();
    }

    /** {@code GET /api/v1/banscores}: ban-score changes seen, oldest first. */
    static String banScores(List<ScoreHistory.Entry> entries) {
        List<String> rows = new ArrayList<>(entries.size());
        for (ScoreHistory.Entry entry : entries) {
            rows.add(JsonText.object().field("time", entry.timeSeconds()).field("peer_id", entry.peerId())
                    .field("score", entry.score()).end());
        }
        return JsonText.object().rawField("events", JsonText.array(rows)).end();
    }

    /** {@code GET /api/v1/health}: Kafka counters per client and the WebSocket hub's; readiness is /health/ready. */
    static String health(List<NodeOverview.KafkaClient> kafka, NotificationHub hub) {
        List<String> clients = new ArrayList<>(kafka.size());
        for (NodeOverview.KafkaClient client : kafka) {
            clients.add(JsonText.object()
                    .field("setting", client.setting())
                    .field("url", client.url())
                    .field("role", client.role())
                    .field("produced", client.produced())
                    .field("failed", client.failed())
                    .field("dropped", client.dropped())
                    .field("consumed", client.consumed())
                    .field("rejected", client.rejected())
                    .end());
        }
        return JsonText.object()
                .rawField("kafka", JsonText.array(clients))
                .rawField("websocket", JsonText.object()
                        .field("clients", hub.clientCount())
                        .field("published", hub.publishedCount())
                        .field("dropped_clients", hub.droppedClients())
                        .end())
                .end();
    }

    /** The body of a refused or failed request: {@code {"error": "..."}}, shown by the page as it is. */
    static String error(String message) {
        return JsonText.object().field("error", message).end();
    }

    static String ok() {
        return JsonText.object().field("ok", true).end();
    }
}
