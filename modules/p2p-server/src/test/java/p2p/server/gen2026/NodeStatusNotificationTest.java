package p2p.server.gen2026;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import p2p.server.gen2026.message.NodeStatusMessage;

/** The WebSocket's node_status frame: Go's notificationMsg order and omitempty rules, display strings cleaned. */
class NodeStatusNotificationTest {

    @Test
    void aNodeStatusFrameHasGosKeysInGosOrder() {
        NodeStatusMessage m = new NodeStatusMessage("12D3KooWpeer", "teranode\u0007eu", "node_status",
                "https://a.example", "", "v0.16.0", "a58cd32e7", "ab".repeat(32), 912_345, 0, 0, "RUNNING",
                1_767_225_600L, 12.5, "miner", "full", "", "", 0, "", 0, OptionalDouble.empty(), Optional.empty(), 3,
                "full");
        assertEquals("{\"timestamp\":\"2026-01-01T00:00:01Z\",\"type\":\"node_status\",\"base_url\":\"https://a.example\","
                + "\"peer_id\":\"12D3KooWpeer\",\"version\":\"v0.16.0\",\"commit_hash\":\"a58cd32e7\","
                + "\"best_block_hash\":\"" + "ab".repeat(32) + "\",\"best_height\":912345,"
                + "\"block_assembly_details\":null,\"fsm_state\":\"RUNNING\",\"start_time\":1767225600,"
                + "\"uptime\":12.5,\"client_name\":\"teranode?eu\",\"miner_name\":\"miner\",\"listen_mode\":\"full\","
                + "\"storage\":\"full\"}",
                NodeStatusNotification.encode(m, Instant.parse("2026-01-01T00:00:01.900Z")));
    }
}
