package p2p.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-topic message counts for {@code /metrics}: what arrived, what was dropped and why, what we published. The
 * application reads them at each scrape; every method is safe from any thread.
 */
public final class ServerCounters {

    /** The counts of one topic. */
    public static final class TopicCounts {
        final LongAdder received = new LongAdder();
        final LongAdder accepted = new LongAdder();
        final LongAdder own = new LongAdder();
        final LongAdder banned = new LongAdder();
        final LongAdder malformed = new LongAdder();
        final LongAdder badHash = new LongAdder();
        final LongAdder repeated = new LongAdder();
        final LongAdder published = new LongAdder();

        /** Messages delivered by pubsub (own included). */
        public long received() {
            return received.sum();
        }

        /** Messages from other peers that passed every check of their topic and were acted on. */
        public long accepted() {
            return accepted.sum();
        }

        /** Our own messages coming back, ignored. */
        public long own() {
            return own.sum();
        }

        /** Messages dropped because the delivering peer's address is banned (after the notification, as in Go). */
        public long banned() {
            return banned.sum();
        }

        /** Payloads Go's decoder would refuse (their author was scored). */
        public long malformed() {
            return malformed.sum();
        }

        /** Decoded messages dropped because their hash does not parse (as Go drops them; nobody scored). */
        public long badHash() {
            return badHash.sum();
        }

        /** Block and subtree announcements already written to Kafka, dropped ({@code RecentAnnouncements}). */
        public long repeated() {
            return repeated.sum();
        }

        /** Messages we published on the topic. */
        public long published() {
            return published.sum();
        }
    }

    private final Map<String, TopicCounts> topics = new ConcurrentHashMap<>();
    /** Handshakes (versions and veracks) this node wrote on the direct stream. */
    final LongAdder directSent = new LongAdder();
    /** Handshakes this node could not write on the direct stream (peer not connected, protocol refused). */
    final LongAdder directFailed = new LongAdder();
    /** Direct-stream messages refused: over the size cap or not finished within the read timeout. */
    final LongAdder directRefused = new LongAdder();

    /** Handshakes this node wrote on the direct stream {@code teranode/bitcoin/1.0.0}. */
    public long directSent() {
        return directSent.sum();
    }

    /** Handshakes this node could not write on the direct stream (the peer is not connected or refused it). */
    public long directFailed() {
        return directFailed.sum();
    }

    /** Direct-stream messages refused for their size or for not ending within the read timeout. */
    public long directRefused() {
        return directRefused.sum();
    }

    /** The counts of {@code topic}, created on first use. */
    public TopicCounts topic(String topic) {
        return topics.computeIfAbsent(topic, t -> new TopicCounts());
    }
}
