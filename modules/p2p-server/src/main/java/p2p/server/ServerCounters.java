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
        final LongAdder published = new LongAdder();

        /** Messages delivered by pubsub (own included). */
        public long received() {
            return received.sum();
        }

        /** Messages from other peers that passed every check and were acted on. */
        public long accepted() {
            return accepted.sum();
        }

        /** Our own messages coming back, ignored. */
        public long own() {
            return own.sum();
        }

        /** Messages dropped because the delivering peer's address is banned. */
        public long banned() {
            return banned.sum();
        }

        /** Payloads that did not decode (the peer was scored). */
        public long malformed() {
            return malformed.sum();
        }

        /** Messages we published on the topic. */
        public long published() {
            return published.sum();
        }
    }

    private final Map<String, TopicCounts> topics = new ConcurrentHashMap<>();

    /** The counts of {@code topic}, created on first use. */
    public TopicCounts topic(String topic) {
        return topics.computeIfAbsent(topic, t -> new TopicCounts());
    }
}
