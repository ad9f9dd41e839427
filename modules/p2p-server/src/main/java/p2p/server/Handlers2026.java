package p2p.server;

import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.server.gen2026.GossipFieldRules;
import p2p.server.gen2026.GossipLimits;
import p2p.server.gen2026.GossipViolation;
import p2p.server.gen2026.Sanitise;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.message.BlockMessage;
import p2p.server.gen2026.message.Envelope;
import p2p.server.gen2026.message.NodeStatusMessage;
import p2p.server.gen2026.message.RejectedTxMessage;
import p2p.server.gen2026.message.SubtreeMessage;
import p2p.server.message.MalformedMessageException;

/**
 * The 2026 topic handlers (spec teranode-2026 1.4, 1.5, 1.8). Each message goes: size cap of the envelope, envelope
 * decode, size cap of the payload, payload decode (Go's rules), then spec 1.5's rules (author check, field bounds,
 * URL rule); any failure drops the message and scores its signed author {@code protocol_violation}, never the peer
 * that relayed it. Then, as the 2025 handlers do, operators are told, our own messages stop, a banned relayer's
 * messages stop, and blocks and subtrees go to Kafka with the author as {@code peer_id}, keyed by the hash;
 * node_status feeds
 * {@link PeerHeights} and {@link PeerStatuses}; a received rejected-tx is informational only, as in Teranode.
 * Runs on the pubsub loop: nothing here blocks.
 */
final class Handlers2026 {
    private static final Logger LOG = Logger.getLogger(Handlers2026.class.getName());

    @FunctionalInterface
    private interface Decoder<T> {
        T decode(byte[] payload) throws MalformedMessageException;
    }

    @FunctionalInterface
    private interface Rule<T> {
        void check(T message, PeerId author) throws GossipViolation;
    }

    private final ServerContext ctx;
    private final Settings2026 settings;
    private final GossipFieldRules rules;
    private final PeerStatuses statuses;
    private final NodeStatusSink statusSink;
    private final KafkaBridge kafka;
    /** As the 2025 handlers: a repeat of an announcement already written to Kafka is counted, not written again. */
    private final RecentAnnouncements recent = new RecentAnnouncements(TopicHandlers.RECENT_ANNOUNCEMENTS);

    Handlers2026(ServerContext ctx, Settings2026 settings, PeerStatuses statuses, NodeStatusSink statusSink,
                 KafkaBridge kafka) {
        this.ctx = ctx;
        this.kafka = kafka;
        this.settings = settings;
        this.rules = new GossipFieldRules(settings.allowPrivateIps());
        this.statuses = statuses;
        this.statusSink = statusSink;
    }

    /** Unwraps, caps, decodes and checks one message; null when it stops here (its author then scored). */
    private <T> T accept(String topic, int cap, byte[] data, PeerId author, Decoder<T> decoder, Rule<T> rule) {
        ServerCounters.TopicCounts counts = ctx.counters().topic(topic);
        counts.received.increment();
        try {
            GossipLimits.check(topic + " envelope", data.length, GossipLimits.envelopeCap(cap));
            byte[] payload = Envelope.decode(data).payload();
            GossipLimits.check(topic + " payload", payload.length, cap);
            T message = decoder.decode(payload);
            if (!author.equals(ctx.self())) {
                rule.check(message, author);
            }
            return message;
        } catch (MalformedMessageException | GossipViolation e) {
            ctx.refuse(counts, topic, author, e.getMessage());
            return null;
        }
    }

    void block(byte[] data, PeerId from, PeerId author) {
        String topic = settings.topics().block();
        BlockMessage m = accept(topic, GossipLimits.BLOCK, data, author, BlockMessage::decode, rules::check);
        if (m == null) {
            return;
        }
        String hash = m.hash().toLowerCase(java.util.Locale.ROOT);
        ctx.sink().announce(new Announcement(Announcement.BLOCK, hash, m.dataHubUrl(), m.peerId(), "", 0, m.height(),
                0, ""));
        ServerCounters.TopicCounts counts = ctx.counters().topic(topic);
        if (!ctx.fromOtherUnbannedPeer(counts, topic, from) || repeated(counts, "block", hash, m.dataHubUrl(),
                m.peerId())) {
            return;
        }
        counts.accepted.increment();
        ctx.senders().remember(hash, from);
        kafka.produceBlock(hash, m.dataHubUrl(), m.peerId());
    }

    void subtree(byte[] data, PeerId from, PeerId author) {
        String topic = settings.topics().subtree();
        SubtreeMessage m = accept(topic, GossipLimits.SUBTREE, data, author, SubtreeMessage::decode, rules::check);
        if (m == null) {
            return;
        }
        String hash = m.hash().toLowerCase(java.util.Locale.ROOT);
        ctx.sink().announce(new Announcement(Announcement.SUBTREE, hash, m.dataHubUrl(), m.peerId(), "", 0, 0, 0, ""));
        ServerCounters.TopicCounts counts = ctx.counters().topic(topic);
        if (!ctx.fromOtherUnbannedPeer(counts, topic, from) || repeated(counts, "subtree", hash, m.dataHubUrl(),
                m.peerId())) {
            return;
        }
        counts.accepted.increment();
        kafka.produceSubtree(hash, m.dataHubUrl(), m.peerId());
    }

    /** Teranode publishes rejected transactions and treats received ones as information: counted, never acted on. */
    void rejectedTx(byte[] data, PeerId from, PeerId author) {
        String topic = settings.topics().rejectedTx();
        RejectedTxMessage m = accept(topic, GossipLimits.REJECTED_TX, data, author, RejectedTxMessage::decode,
                rules::check);
        if (m == null) {
            return;
        }
        ServerCounters.TopicCounts counts = ctx.counters().topic(topic);
        if (ctx.fromOtherUnbannedPeer(counts, topic, from)) {
            counts.accepted.increment();
            LOG.fine(() -> "peer " + m.peerId() + " rejected tx " + m.txId() + ": "
                    + Sanitise.display(m.reason(), Sanitise.REASON));
        }
    }

    /** Operators see every node_status (ours too, as Go forwards its own); other peers' feed heights and statuses. */
    void nodeStatus(byte[] data, PeerId from, PeerId author) {
        String topic = settings.topics().nodeStatus();
        NodeStatusMessage m = accept(topic, GossipLimits.NODE_STATUS, data, author, NodeStatusMessage::decode,
                rules::check);
        if (m == null) {
            return;
        }
        statusSink.nodeStatus(m);
        ServerCounters.TopicCounts counts = ctx.counters().topic(topic);
        if (!ctx.fromOtherUnbannedPeer(counts, topic, from)) {
            return;
        }
        counts.accepted.increment();
        // The author check passed: the status is the author's own, whoever relayed it.
        if (m.bestHeight() > 0) {
            ctx.heights().update(author, m.bestHeight());
        }
        statuses.update(author, new PeerStatuses.Status(m.bestHeight(), m.bestBlockHash(), m.baseUrl(),
                Sanitise.display(m.storage(), 16), Sanitise.display(m.clientName(), Sanitise.CLIENT_NAME),
                Sanitise.display(m.listenMode(), 16)));
    }

    /**
     * Whether this announcement already went to Kafka; a repeat is counted ({@code p2p_topic_repeated_total}), not
     * sent. The 2026 Kafka message names the announcing peer, so the same hash and URL from another author is new.
     */
    private boolean repeated(ServerCounters.TopicCounts counts, String kind, String hash, String dataHubUrl,
                             String peerId) {
        if (recent.firstTime(kind, hash, dataHubUrl + ' ' + peerId)) {
            return false;
        }
        counts.repeated.increment();
        LOG.fine(() -> "repeated " + kind + " announcement " + hash + " from " + dataHubUrl + " by " + peerId
                + " not written to Kafka again");
        return true;
    }
}
