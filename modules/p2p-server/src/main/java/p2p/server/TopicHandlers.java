package p2p.server;

import java.util.logging.Logger;
import p2p.ban.BanReason;
import p2p.kafka.MessageProducer;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaSubtreeTopicMessage;
import p2p.node.crypto.PeerId;
import p2p.server.message.BlockMessage;
import p2p.server.message.HandshakeMessage;
import p2p.server.message.MalformedMessageException;
import p2p.server.message.MiningOnMessage;
import p2p.server.message.RejectedTxMessage;
import p2p.server.message.SubtreeMessage;

/**
 * The five topic handlers (spec section 3). Each message is decoded, then checked (our own message coming back is
 * ignored; a message delivered by a peer whose address is banned is dropped), and only then acted on and shown to
 * operators (⚠ Teranode notifies before its checks). A payload that does not decode scores the delivering peer
 * {@code protocol_violation}. Runs on the pubsub loop: nothing here blocks (Kafka sends queue, the ban list is read
 * from memory, scoring and blockchain calls go to the worker).
 */
final class TopicHandlers {
    private static final Logger LOG = Logger.getLogger(TopicHandlers.class.getName());

    /** Decodes one topic's payload. */
    @FunctionalInterface
    private interface Decoder<T> {
        T decode(byte[] payload) throws MalformedMessageException;
    }

    private final ServerContext ctx;
    private final Handshakes handshakes;

    TopicHandlers(ServerContext ctx, Handshakes handshakes) {
        this.ctx = ctx;
        this.handshakes = handshakes;
    }

    /** Decodes and runs the common checks; null when the message is to be dropped. */
    private <T> T admit(String topic, byte[] payload, PeerId from, Decoder<T> decoder) {
        ServerCounters.TopicCounts counts = ctx.counters().topic(topic);
        counts.received.increment();
        if (from.equals(ctx.self())) {
            counts.own.increment();
            return null;
        }
        T message;
        try {
            message = decoder.decode(payload);
        } catch (MalformedMessageException e) {
            counts.malformed.increment();
            LOG.fine(() -> "dropping a malformed " + topic + " message from " + from + ": " + e.getMessage());
            ctx.scorer().score(from, BanReason.PROTOCOL_VIOLATION, e.getMessage());
            return null;
        }
        if (ctx.isBanned(from)) {
            counts.banned.increment();
            LOG.fine(() -> "dropping a " + topic + " message from banned peer " + from);
            return null;
        }
        counts.accepted.increment();
        return message;
    }

    void block(byte[] payload, PeerId from) {
        BlockMessage block = admit(ctx.topics().block(), payload, from, BlockMessage::decode);
        if (block == null) {
            return;
        }
        ctx.senders().remember(block.hash(), from);
        updateHeight(block.peerId(), block.height());
        send(ctx.blocks(), KafkaBlockTopicMessage.newBuilder().setHash(block.hash()).setURL(block.dataHubUrl())
                .build().toByteArray(), "block " + block.hash());
        ctx.sink().announce(new Announcement(Announcement.BLOCK, block.hash(), block.dataHubUrl(), block.peerId(),
                "", 0, block.height(), 0, ""));
    }

    void subtree(byte[] payload, PeerId from) {
        SubtreeMessage subtree = admit(ctx.topics().subtree(), payload, from, SubtreeMessage::decode);
        if (subtree == null) {
            return;
        }
        send(ctx.subtrees(), KafkaSubtreeTopicMessage.newBuilder().setHash(subtree.hash())
                .setURL(subtree.dataHubUrl()).build().toByteArray(), "subtree " + subtree.hash());
        ctx.sink().announce(new Announcement(Announcement.SUBTREE, subtree.hash(), subtree.dataHubUrl(),
                subtree.peerId(), "", 0, 0, 0, ""));
    }

    void miningOn(byte[] payload, PeerId from) {
        MiningOnMessage m = admit(ctx.topics().miningOn(), payload, from, MiningOnMessage::decode);
        if (m == null) {
            return;
        }
        updateHeight(m.peerId(), m.height());
        ctx.sink().announce(new Announcement(Announcement.MINING_ON, m.hash(), m.dataHubUrl(), m.peerId(),
                m.previousHash(), m.txCount(), m.height(), m.sizeInBytes(), m.miner()));
    }

    void rejectedTx(byte[] payload, PeerId from) {
        RejectedTxMessage m = admit(ctx.topics().rejectedTx(), payload, from, RejectedTxMessage::decode);
        if (m == null) {
            return;
        }
        ctx.sink().announce(new Announcement(Announcement.REJECTED_TX, m.txId(), "", m.peerId(), "", 0, 0, 0, ""));
    }

    void handshake(byte[] payload, PeerId from) {
        HandshakeMessage m = admit(ctx.topics().handshake(), payload, from, HandshakeMessage::decode);
        if (m == null || m.peerId().equals(ctx.self().toBase58())) {
            return; // a handshake of ours relayed back by another peer is still ours
        }
        handshakes.received(m, from);
    }

    /** A verack (or any handshake) that arrived on the direct stream from {@code from}. */
    void directHandshake(byte[] payload, PeerId from) {
        handshake(payload, from);
    }

    private void updateHeight(String peerId, long height) {
        ctx.heights().update(PeerId.parse(peerId), height);
    }

    private static void send(MessageProducer producer, byte[] value, String what) {
        producer.send(value).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warning(() -> "Kafka message for " + what + " to " + producer.topic() + " not produced: " + error);
            }
        });
    }
}
