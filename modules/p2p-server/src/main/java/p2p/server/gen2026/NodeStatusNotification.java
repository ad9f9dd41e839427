package p2p.server.gen2026;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import p2p.common.json.JsonWriter;
import p2p.server.gen2026.message.NodeStatusMessage;

/**
 * A node_status as a WebSocket frame (spec teranode-2026 1.8): Teranode's {@code notificationMsg} with type
 * {@code node_status}, keys in that struct's order and with its omitempty rules as of {@code fb3d000cc}
 * (timestamp, type, base_url, peer_id, version, commit_hash, best_block_hash, {@code best_height} always,
 * {@code block_assembly_details} always, null here as we run no block assembly, fsm_state, start_time, uptime,
 * client_name, miner_name, listen_mode, chain_work, the sync fields). The fields NEW added to the struct
 * ({@code propagation_url}, {@code storage}) follow at the end: their place in NEW's struct is not in the local
 * mirror. Display strings are sanitised and cut as spec 1.5 says.
 */
public final class NodeStatusNotification {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private NodeStatusNotification() {
    }

    public static String encode(NodeStatusMessage m, Instant now) {
        JsonWriter w = JsonWriter.object();
        w.string("timestamp", TIMESTAMP.format(now.truncatedTo(ChronoUnit.SECONDS)));
        w.string("type", NodeStatusMessage.TYPE);
        text(w, "base_url", m.baseUrl(), GossipFieldRules.MAX_URL);
        text(w, "peer_id", m.peerId(), GossipFieldRules.MAX_PEER_ID);
        text(w, "version", m.version(), Sanitise.VERSION);
        text(w, "commit_hash", m.commitHash(), Sanitise.VERSION);
        text(w, "best_block_hash", m.bestBlockHash(), GossipFieldRules.HASH_HEX);
        w.unsigned("best_height", m.bestHeight());
        w.raw("block_assembly_details", NULL);
        text(w, "fsm_state", m.fsmState(), 64);
        if (m.startTime() != 0) {
            w.signed("start_time", m.startTime());
        }
        if (m.uptime() != 0) {
            w.float64("uptime", m.uptime());
        }
        text(w, "client_name", m.clientName(), Sanitise.CLIENT_NAME);
        text(w, "miner_name", m.minerName(), Sanitise.MINER_NAME);
        text(w, "listen_mode", m.listenMode(), 16);
        text(w, "chain_work", m.chainWork(), GossipFieldRules.MAX_CHAIN_WORK_HEX);
        text(w, "sync_peer_id", m.syncPeerId(), GossipFieldRules.MAX_PEER_ID);
        if (m.syncPeerHeight() != 0) {
            w.unsigned("sync_peer_height", m.syncPeerHeight());
        }
        text(w, "sync_peer_block_hash", m.syncPeerBlockHash(), GossipFieldRules.HASH_HEX);
        if (m.syncConnectedAt() != 0) {
            w.signed("sync_connected_at", m.syncConnectedAt());
        }
        text(w, "propagation_url", m.propagationUrl(), GossipFieldRules.MAX_URL);
        text(w, "storage", m.storage(), 16);
        return new String(w.toBytes(), StandardCharsets.UTF_8);
    }

    private static void text(JsonWriter w, String key, String value, int max) {
        if (!value.isEmpty()) {
            w.string(key, Sanitise.display(value, max));
        }
    }
}
