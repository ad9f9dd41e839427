package p2p.server;

import java.util.Optional;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.server.json.ChainHash;
import p2p.server.message.BlockMessage;
import p2p.server.message.HandshakeMessage;
import p2p.server.message.MalformedMessageException;
import p2p.server.message.MiningOnMessage;
import p2p.server.message.SubtreeMessage;

/**
 * The topic handlers, each with Teranode's checks in Teranode's order (spec sections 3.3 to 3.8). {@code from} is
 * the peer that delivered the message (the ban checks drop what a banned peer delivers, as in Go); {@code author}
 * is the message's signed gossipsub author, whom the invalid-block map blames (Go blames the deliverer). A payload Go's decoder accepts costs nobody anything; one it refuses is
 * dropped and, beyond Go, scores its author {@code protocol_violation}, never a peer that only relayed it.
 * Announcements reach operators right after decoding, before the own-message and ban checks, as in Go, so this
 * node's own announcements are shown too. Runs on the pubsub loop: nothing here blocks (Kafka sends queue, the ban
 * list is read from memory, scoring and blockchain calls go to the worker).
 */
final class TopicHandlers {
    private static final Logger LOG = Logger.getLogger(TopicHandlers.class.getName());

    /** Decodes one topic's payload. */
    @FunctionalInterface
    private interface Decoder<T> {
        T decode(byte[] payload) throws MalformedMessageException;
    }

    /** Announcements kept to drop repeats: some hours of a busy network's blocks and subtrees. */
    static final int RECENT_ANNOUNCEMENTS = 10_000;

    private final ServerContext ctx;
    private final Handshakes handshakes;
    private final KafkaBridge kafka;
    private final RecentAnnouncements recent = new RecentAnnouncements(RECENT_ANNOUNCEMENTS);

    TopicHandlers(ServerContext ctx, Handshakes handshakes, KafkaBridge kafka) {
        this.ctx = ctx;
        this.handshakes = handshakes;
        this.kafka = kafka;
    }

    /** Decodes as Go would; null when Go would drop the message (then its author is scored). */
    private <T> T decode(ServerCounters.TopicCounts counts, String topic, byte[] payload, PeerId author,
                         Decoder<T> decoder) {
        counts.received.increment();
        try {
            return decoder.decode(payload);
        } catch (MalformedMessageException e) {
            ctx.refuse(counts, topic, author, e.getMessage());
            return null;
        }
    }

    /**
     * Spec 3.4: decode, notify, own?, banned relayer?, parse the hash, remember its author, Kafka. The invalid-block
     * map keeps the signed author, not the relayer Go keeps: a peer that only forwarded a bad block is not at fault.
     */
    void block(byte[] payload, PeerId from, PeerId author) {
        String topic = ctx.topics().block();
        ServerCounters.TopicCounts counts = ctx.counters().topic(topic);
        BlockMessage block = decode(counts, topic, payload, author, BlockMessage::decode);
        if (block == null) {
            return;
        }
        ctx.sink().announce(new Announcement(Announcement.BLOCK, block.hash(), block.dataHubUrl(), block.peerId(),
                "", 0, block.height(), 0, ""));
        if (!ctx.fromOtherUnbannedPeer(counts, topic, from)) {
            return;
        }
        Optional<String> hash = hash(counts, topic, block.hash(), from);
        if (hash.isEmpty() || repeated(counts, "block", hash.get(), block.dataHubUrl(), author)) {
            return;
        }
        counts.accepted.increment();
        ctx.senders().remember(hash.get(), author);
        kafka.produceBlock(hash.get(), block.dataHubUrl());
    }

    /** Spec 3.5: decode, notify, own?, banned relayer?, parse the hash, Kafka. */
    void subtree(byte[] payload, PeerId from, PeerId author) {
        String topic = ctx.topics().subtree();
        ServerCounters.TopicCounts counts = ctx.counters().topic(topic);
        SubtreeMessage subtree = decode(counts, topic, payload, author, SubtreeMessage::decode);
        if (subtree == null) {
            return;
        }
        ctx.sink().announce(new Announcement(Announcement.SUBTREE, subtree.hash(), subtree.dataHubUrl(),
                subtree.peerId(), "", 0, 0, 0, ""));
        if (!ctx.fromOtherUnbannedPeer(counts, topic, from)) {
            return;
        }
        Optional<String> hash = hash(counts, topic, subtree.hash(), from);
        if (hash.isEmpty() || repeated(counts, "subtree", hash.get(), subtree.dataHubUrl(), author)) {
            return;
        }
        counts.accepted.increment();
        kafka.produceSubtree(hash.get(), subtree.dataHubUrl());
    }

    /** Whether this announcement already went to Kafka ({@link RecentAnnouncements}); a repeat is counted, not sent. */
    private boolean repeated(ServerCounters.TopicCounts counts, String kind, String hash, String dataHubUrl,
                             PeerId author) {
        if (recent.firstTime(kind, hash, dataHubUrl)) {
            return false;
        }
        counts.repeated.increment();
        LOG.fine(() -> "repeated " + kind + " announcement " + hash + " from " + dataHubUrl + " by " + author
                + " not written to Kafka again");
        return true;
    }

    /**
     * Spec 3.6: decode, notify, own?, record the announcer's height, banned relayer? (which, as in Go, changes
     * nothing after). The height goes under the decoded {@code PeerID} (⚠ Go keys it by the raw text, 14.2 #4).
     */
    void miningOn(byte[] payload, PeerId from, PeerId author) {
        String topic = ctx.topics().miningOn();
        ServerCounters.TopicCounts counts = ctx.counters().topic(topic);
        MiningOnMessage m = decode(counts, topic, payload, author, MiningOnMessage::decode);
        if (m == null) {
            return;
        }
        ctx.sink().announce(new Announcement(Announcement.MINING_ON, m.hash(), m.dataHubUrl(), m.peerId(),
                m.previousHash(), m.txCount(), m.height(), m.sizeInBytes(), m.miner()));
        if (from.equals(ctx.self())) {
            counts.own.increment();
            return;
        }
        peerId(m.peerId()).ifPresent(peer -> ctx.heights().update(peer, m.height()));
        if (ctx.isBanned(from)) {
            counts.banned.increment();
            return;
        }
        counts.accepted.increment();
    }

    /**
     * Spec 3.3, topic or direct stream: decode (no ban check, no notification), drop our own by {@code peerID},
     * then the handshake steps, which call the blockchain service and so run on the worker.
     */
    void handshake(byte[] payload, PeerId from, PeerId author) {
        String topic = ctx.topics().handshake();
        ServerCounters.TopicCounts counts = ctx.counters().topic(topic);
        HandshakeMessage m = decode(counts, topic, payload, author, HandshakeMessage::decode);
        if (m == null) {
            return;
        }
        if (m.peerId().equals(ctx.self().toBase58())) {
            counts.own.increment();
            return;
        }
        counts.accepted.increment();
        handshakes.received(m, author);
    }

    /** A message that arrived on the direct stream: its sender is both the delivering peer and the author. */
    void directHandshake(byte[] payload, PeerId from) {
        handshake(payload, from, from);
    }

    /** Go's chainhash parse of an announced hash; a failure drops the message without scoring (Go logs it). */
    private Optional<String> hash(ServerCounters.TopicCounts counts, String topic, String text, PeerId from) {
        try {
            return Optional.of(ChainHash.canonical(text));
        } catch (MalformedMessageException e) {
            counts.badHash.increment();
            LOG.fine(() -> "dropping a " + topic + " message delivered by " + from + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The peer id a message claims, when it parses (Go's {@code peer.Decode}). */
    static Optional<PeerId> peerId(String text) {
        try {
            return Optional.of(PeerId.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
