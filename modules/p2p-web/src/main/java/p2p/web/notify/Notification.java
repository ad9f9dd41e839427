package p2p.web.notify;

import java.time.Instant;
import java.util.Objects;

import p2p.ban.BanEvent;

/**
 * One WebSocket notification (spec section 7): Teranode's {@code notificationMsg}. Strings may be empty and numbers
 * zero; such fields are left out of the JSON, as Go's {@code omitempty} does. {@code ip} and {@code subnet} are this
 * server's additions for ban events, which Teranode never sent to WebSocket clients.
 *
 * @param timestamp         when the event happened, written as ISO-8601 UTC to the second
 * @param type              {@code block}, {@code subtree}, {@code mining_on}, {@code rejected_tx}, {@code PING},
 *                          {@code ban}, {@code unban}
 * @param hash              block, subtree or transaction hash (display hex)
 * @param baseUrl           where peers fetch the data ({@code base_url})
 * @param peerId            the announcing peer ({@code peer_id})
 * @param previousBlockHash the parent block of a mining-on ({@code previousblockhash})
 * @param txCount           transactions in the block ({@code tx_count})
 * @param height            block height
 * @param sizeInBytes       block size ({@code size_in_bytes})
 * @param miner             miner tag of a mining-on
 * @param ip                banned or unbanned address (ban events)
 * @param subnet            banned or unbanned CIDR (ban events)
 */
public record Notification(Instant timestamp, String type, String hash, String baseUrl, String peerId,
                           String previousBlockHash, long txCount, long height, long sizeInBytes, String miner,
                           String ip, String subnet) {

    public static final String TYPE_BLOCK = "block";
    public static final String TYPE_SUBTREE = "subtree";
    public static final String TYPE_MINING_ON = "mining_on";
    public static final String TYPE_REJECTED_TX = "rejected_tx";
    public static final String TYPE_PING = "PING";
    public static final String TYPE_BAN = "ban";
    public static final String TYPE_UNBAN = "unban";

    public Notification {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(type, "type");
        if (type.isEmpty()) {
            throw new IllegalArgumentException("notification type must not be empty");
        }
        hash = orEmpty(hash);
        baseUrl = orEmpty(baseUrl);
        peerId = orEmpty(peerId);
        previousBlockHash = orEmpty(previousBlockHash);
        miner = orEmpty(miner);
        ip = orEmpty(ip);
        subnet = orEmpty(subnet);
    }

    /** A builder for a notification of {@code type}, timestamped now unless set. */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** The keep-alive notification Teranode sends every 10 s, carrying the node's base URL. */
    public static Notification ping(Instant now, String baseUrl) {
        return builder(TYPE_PING).timestamp(now).baseUrl(baseUrl).build();
    }

    /** A ban-list change: type {@code ban} for an add, {@code unban} for a remove. */
    public static Notification banEvent(Instant now, BanEvent event) {
        String type = event.action() == BanEvent.Action.ADD ? TYPE_BAN : TYPE_UNBAN;
        return builder(type).timestamp(now).ip(event.ip()).subnet(event.subnet()).build();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Fluent construction; every field but the type is optional. */
    public static final class Builder {
        private final String type;
        private Instant timestamp;
        private String hash;
        private String baseUrl;
        private String peerId;
        private String previousBlockHash;
        private long txCount;
        private long height;
        private long sizeInBytes;
        private String miner;
        private String ip;
        private String subnet;

        private Builder(String type) {
            this.type = type;
        }

        public Builder timestamp(Instant value) {
            this.timestamp = value;
            return this;
        }

        public Builder hash(String value) {
            this.hash = value;
            return this;
        }

        public Builder baseUrl(String value) {
            this.baseUrl = value;
            return this;
        }

        public Builder peerId(String value) {
            this.peerId = value;
            return this;
        }

        public Builder previousBlockHash(String value) {
            this.previousBlockHash = value;
            return this;
        }

        public Builder txCount(long value) {
            this.txCount = value;
            return this;
        }

        public Builder height(long value) {
            this.height = value;
            return this;
        }

        public Builder sizeInBytes(long value) {
            this.sizeInBytes = value;
            return this;
        }

        public Builder miner(String value) {
            this.miner = value;
            return this;
        }

        public Builder ip(String value) {
            this.ip = value;
            return this;
        }

        public Builder subnet(String value) {
            this.subnet = value;
            return this;
        }

        public Notification build() {
            return new Notification(timestamp == null ? Instant.now() : timestamp, type, hash, baseUrl, peerId,
                    previousBlockHash, txCount, height, sizeInBytes, miner, ip, subnet);
        }
    }
}
