package p2p.web.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import p2p.ban.BanEntry;
import p2p.common.json.JsonWriter;
import p2p.web.NodeOverview;
import p2p.web.PeerStatusView;
import p2p.web.PeerView;
import p2p.web.notify.NotificationHub;

/**
 * The JSON documents of {@code /api/v1/} (README, "Dashboard"), written with p2p.common's {@link JsonWriter}:
 * snake_case names as in the {@code /p2p-ws} notifications, times in Unix seconds, unknown counts as -1.
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
            rows.add(JsonWriter.object()
                    .string("id", p.id())
                    .string("addr", p.addr())
                    .string("addr_local", p.addrLocal())
                    .bool("inbound", p.inbound())
                    .signed("conn_time", p.connTime())
                    .signed("last_send", p.lastSend())
                    .signed("last_recv", p.lastRecv())
                    .signed("bytes_sent", p.bytesSent())
                    .signed("bytes_received", p.bytesReceived())
                    .signed("ping_time_us", p.pingTime())
                    .signed("version", p.version())
                    .string("user_agent", p.subVer())
                    .signed("starting_height", p.startingHeight())
                    .signed("current_height", p.currentHeight())
                    .signed("ban_score", p.banScore())
                    .string("best_hash", status.bestHash())
                    .string("data_hub_url", status.dataHubUrl())
                    .string("storage", status.storage())
                    .string("client_name", status.clientName())
                    .toText());
        }
        return JsonWriter.object().raw("peers", JsonWriter.array(rows)).toText();
    }

    /** {@code GET /api/v1/network}: this node, its addresses, discovery and peers per topic. */
    static String network(NodeOverview node, int connectedPeers) {
        List<String> topics = new ArrayList<>();
        for (String topic : node.topics()) {
            topics.add(JsonWriter.object().string("topic", topic).signed("peers", node.topicPeers(topic))
                    .signed("mesh", node.meshPeers(topic)).toText());
        }
        return JsonWriter.object()
                .string("peer_id", node.peerId())
                .string("protocol", node.protocol())
                .raw("listen_addresses", JsonWriter.strings(node.listenAddresses()))
                .raw("advertised_addresses", JsonWriter.strings(node.advertisedAddresses()))
                .string("dht_mode", node.dhtMode())
                .signed("routing_table_size", node.routingTableSize())
                .signed("connected_peers", connectedPeers)
                .raw("topics", JsonWriter.array(topics))
                .toText();
    }

    /** {@code GET /api/v1/rates}: messages received per topic per minute, oldest minute first. */
    static String rates(RateRing.Snapshot snapshot) {
        List<String> topics = new ArrayList<>();
        for (Map.Entry<String, long[]> topic : snapshot.counts().entrySet()) {
            topics.add(JsonWriter.object().string("topic", topic.getKey())
                    .raw("counts", JsonWriter.numbers(topic.getValue())).toText());
        }
        return JsonWriter.object()
                .signed("start", snapshot.startSeconds())
                .signed("minute_seconds", 60)
                .raw("topics", JsonWriter.array(topics))
                .toText();
    }

    /** {@code GET /api/v1/bans}: the ban list with expiries (null when the list does not keep them). */
    static String bans(List<BanEntry> entries) {
        List<String> rows = new ArrayList<>(entries.size());
        for (BanEntry entry : entries) {
            rows.add(JsonWriter.object()
                    .string("key", entry.key())
                    .bool("subnet", entry.subnet())
                    .raw("expires_at", entry.expiresAt() == null ? "null"
                            : Long.toString(entry.expiresAt().getEpochSecond()))
                    .toText());
        }
        return JsonWriter.object().raw("bans", JsonWriter.array(rows)).toText();
    }

    /** {@code GET /api/v1/banscores}: ban-score changes seen, oldest first. */
    static String banScores(List<ScoreHistory.Entry> entries) {
        List<String> rows = new ArrayList<>(entries.size());
        for (ScoreHistory.Entry entry : entries) {
            rows.add(JsonWriter.object().signed("time", entry.timeSeconds()).string("peer_id", entry.peerId())
                    .signed("score", entry.score()).toText());
        }
        return JsonWriter.object().raw("events", JsonWriter.array(rows)).toText();
    }

    /** {@code GET /api/v1/health}: Kafka counters per client and the WebSocket hub's; readiness is /health/ready. */
    static String health(List<NodeOverview.KafkaClient> kafka, NotificationHub hub) {
        List<String> clients = new ArrayList<>(kafka.size());
        for (NodeOverview.KafkaClient client : kafka) {
            clients.add(JsonWriter.object()
                    .string("setting", client.setting())
                    .string("url", client.url())
                    .string("role", client.role())
                    .signed("produced", client.produced())
                    .signed("failed", client.failed())
                    .signed("dropped", client.dropped())
                    .signed("consumed", client.consumed())
                    .signed("rejected", client.rejected())
                    .toText());
        }
        return JsonWriter.object()
                .raw("kafka", JsonWriter.array(clients))
                .raw("websocket", JsonWriter.object()
                        .signed("clients", hub.clientCount())
                        .signed("published", hub.publishedCount())
                        .signed("dropped_clients", hub.droppedClients())
                        .toText())
                .toText();
    }

    /** The body of a refused or failed request: {@code {"error": "..."}}, shown by the page as it is. */
    static String error(String message) {
        return JsonWriter.object().string("error", message).toText();
    }

    static String ok() {
        return JsonWriter.object().bool("ok", true).toText();
    }
}
