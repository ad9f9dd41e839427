package p2p.web.notify;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import p2p.common.json.JsonWriter;

/**
 * Encodes a {@link Notification} as Teranode's WebSocket JSON: keys in the Go struct's order, empty strings and
 * zero numbers omitted, {@code type} always present, timestamp formatted as Go's {@code 2006-01-02T15:04:05Z}.
 */
public final class NotificationJson {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private NotificationJson() {
    }

    /** The JSON text of one notification. */
    public static String encode(Notification n) {
        JsonWriter json = JsonWriter.object();
        json.string("timestamp", TIMESTAMP.format(n.timestamp().truncatedTo(ChronoUnit.SECONDS)));
        json.string("type", n.type());
        string(json, "hash", n.hash());
        string(json, "base_url", n.baseUrl());
        string(json, "peer_id", n.peerId());
        string(json, "previousblockhash", n.previousBlockHash());
        number(json, "tx_count", n.txCount());
        number(json, "height", n.height());
        number(json, "size_in_bytes", n.sizeInBytes());
        string(json, "miner", n.miner());
        string(json, "ip", n.ip());
        string(json, "subnet", n.subnet());
        return json.toText();
    }

    private static void string(JsonWriter json, String key, String value) {
        if (!value.isEmpty()) {
            json.string(key, value);
        }
    }

    private static void number(JsonWriter json, String key, long value) {
        if (value != 0) {
            json.signed(key, value);
        }
    }
}
