package p2p.web.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import p2p.ban.BanEvent;

class NotificationJsonTest {
    private static final Instant AT = Instant.parse("2025-07-01T12:34:56.789Z");

    /** Go: TestHandleMiningOnTopic [happy path] (the notification JSON half). */
    @Test
    void miningOnCarriesEverySpecKeyInGoStructOrder() {
        Notification n = Notification.builder(Notification.TYPE_MINING_ON).timestamp(AT)
                .hash("00ab").baseUrl("http://node:9906").peerId("12D3KooW").previousBlockHash("00cd")
                .txCount(5).height(800_000).sizeInBytes(1_234).miner("/miner/").build();
        assertEquals("{\"timestamp\":\"2025-07-01T12:34:56Z\",\"type\":\"mining_on\",\"hash\":\"00ab\","
                + "\"base_url\":\"http://node:9906\",\"peer_id\":\"12D3KooW\",\"previousblockhash\":\"00cd\","
                + "\"tx_count\":5,\"height\":800000,\"size_in_bytes\":1234,\"miner\":\"/miner/\"}",
                NotificationJson.encode(n));
    }

    @Test
    void emptyStringsAndZeroNumbersAreOmittedLikeGoOmitempty() {
        Notification n = Notification.builder(Notification.TYPE_BLOCK).timestamp(AT).hash("ff").build();
        assertEquals("{\"timestamp\":\"2025-07-01T12:34:56Z\",\"type\":\"block\",\"hash\":\"ff\"}",
                NotificationJson.encode(n));
    }

    /** Go: TestCreatePingMessage. */
    @Test
    void pingCarriesTheBaseUrl() {
        assertEquals("{\"timestamp\":\"2025-07-01T12:34:56Z\",\"type\":\"PING\",\"base_url\":\"http://x\"}",
                NotificationJson.encode(Notification.ping(AT, "http://x")));
    }

    @Test
    void banEventsNameTheAddressOrSubnet() {
        assertEquals("{\"timestamp\":\"2025-07-01T12:34:56Z\",\"type\":\"ban\",\"ip\":\"10.0.0.1\"}",
                NotificationJson.encode(Notification.banEvent(AT, new BanEvent(BanEvent.Action.ADD, "10.0.0.1", ""))));
        assertEquals("{\"timestamp\":\"2025-07-01T12:34:56Z\",\"type\":\"unban\",\"subnet\":\"10.0.0.0/8\"}",
                NotificationJson.encode(Notification.banEvent(AT,
                        new BanEvent(BanEvent.Action.REMOVE, null, "10.0.0.0/8"))));
    }

    /** Go's encoding/json escapes these for HTML safety; Teranode's /p2p-ws frames carry them so. */
    @Test
    void htmlSignificantCharactersAreEscapedAsGoEscapesThem() {
        Notification n = Notification.builder("rejected_tx").timestamp(AT).miner("<b>&\u2028").build();
        assertEquals("{\"timestamp\":\"2025-07-01T12:34:56Z\",\"type\":\"rejected_tx\","
                + "\"miner\":\"\\u003cb\\u003e\\u0026\\u2028\"}", NotificationJson.encode(n));
    }

    @Test
    void stringsAreEscaped() {
        Notification n = Notification.builder("rejected_tx").timestamp(AT).miner("a\"b\\c\nd\u0001").build();
        assertEquals("{\"timestamp\":\"2025-07-01T12:34:56Z\",\"type\":\"rejected_tx\","
                + "\"miner\":\"a\\\"b\\\\c\\nd\\u0001\"}", NotificationJson.encode(n));
    }
}
