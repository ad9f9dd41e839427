package p2p.server;

import java.util.logging.Logger;
import p2p.ban.BanReason;
import p2p.kafka.MessageHandler;
import p2p.kafka.MessageProducer;
import p2p.kafka.MessageRejectedException;
import p2p.kafka.ProtobufHandler;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaInvalidBlockTopicMessage;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.kafka.message.KafkaSubtreeTopicMessage;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.message.Envelope;
import p2p.server.json.ChainHash;
import p2p.server.message.MalformedMessageException;
import p2p.server.message.RejectedTxMessage;

/**
 * The whole Kafka side of the server, both directions and both generations; nothing else builds or reads Teranode's
 * Kafka protobufs.
 *
 * <p>Out (spec sections 3.4, 3.5, 4.2; teranode-2026 1.11): an accepted block or subtree announcement goes to the
 * blocks or subtrees topic. July 2025 writes {@code hash} and {@code URL}, unkeyed; 2026 adds the announcing peer as
 * {@code peer_id} and keys the record by the hash. A failed send is logged (the producer counts it); the topic
 * handlers never wait for Kafka.
 *
 * <p>In (spec sections 3.7, 4.4, 5.3): a transaction our validator rejected is published on the rejected-tx topic
 * (and shown to operators as {@code rejected_tx}, an addition to Teranode's WebSocket types). Under 2026 only our
 * own validator's rejections (empty {@code peer_id}) are published, enveloped, with our peer id and client name; a
 * peer's rejection was gossiped by that peer already, and {@code listen_only} and {@code silent} publish none. A block
 * our validation found invalid costs the peer that delivered its announcement {@code invalid_block} score, once:
 * the entry is then forgotten, as Teranode deletes it. Hashes are parsed as Teranode's {@code chainhash} parses them
 * (0 to 64 hex digits). Consumer handlers run on the consumers' threads.
 */
final class KafkaBridge {
    private static final Logger LOG = Logger.getLogger(KafkaBridge.class.getName());

    private final ServerContext ctx;

    KafkaBridge(ServerContext ctx) {
        this.ctx = ctx;
    }

    /** July 2025: a block announcement for block validation. */
    void produceBlock(String hash, String dataHubUrl) {
        send(ctx.blocks(), null, KafkaBlockTopicMessage.newBuilder().setHash(hash).setURL(dataHubUrl).build()
                .toByteArray(), "block " + hash);
    }

    /** July 2025: a subtree announcement for subtree validation. */
    void produceSubtree(String hash, String dataHubUrl) {
        send(ctx.subtrees(), null, KafkaSubtreeTopicMessage.newBuilder().setHash(hash).setURL(dataHubUrl).build()
                .toByteArray(), "subtree " + hash);
    }

    /** 2026: a block announcement naming its announcing peer, keyed by the hash. */
    void produceBlock(String hash, String dataHubUrl, String peerId) {
        send(ctx.blocks(), hash, KafkaBlockTopicMessage.newBuilder().setHash(hash).setURL(dataHubUrl)
                .setPeerId(peerId).build().toByteArray(), "block " + hash);
    }

    /** 2026: a subtree announcement naming its announcing peer, keyed by the hash. */
    void produceSubtree(String hash, String dataHubUrl, String peerId) {
        send(ctx.subtrees(), hash, KafkaSubtreeTopicMessage.newBuilder().setHash(hash).setURL(dataHubUrl)
                .setPeerId(peerId).build().toByteArray(), "subtree " + hash);
    }

    /** The {@code kafka_rejectedTxConfig} consumer's handler under July 2025: publishes every rejection. */
    MessageHandler rejectedTxHandler() {
        return ProtobufHandler.of(KafkaRejectedTxTopicMessage.parser(), this::rejectedTx);
    }

    /** The {@code kafka_rejectedTxConfig} consumer's handler under 2026 (see the class comment). */
    MessageHandler rejectedTxHandler(Settings2026 settings) {
        return ProtobufHandler.of(KafkaRejectedTxTopicMessage.parser(), message -> rejectedTx2026(message, settings));
    }

    /** The {@code kafka_invalidBlocksConfig} consumer's handler, the same in both generations. */
    MessageHandler invalidBlocksHandler() {
        return ProtobufHandler.of(KafkaInvalidBlockTopicMessage.parser(), this::invalidBlock);
    }

    private void rejectedTx(KafkaRejectedTxTopicMessage message) throws MessageRejectedException {
        String txHash = hash("txHash", message.getTxHash());
        RejectedTxMessage out = new RejectedTxMessage(txHash, message.getReason(), ctx.self().toBase58());
        ctx.publish(ctx.topics().rejectedTx(), out.encode());
        ctx.sink().announce(new Announcement(Announcement.REJECTED_TX, txHash, "", out.peerId(), "", 0, 0, 0, ""));
    }

    private void rejectedTx2026(KafkaRejectedTxTopicMessage message, Settings2026 settings)
            throws MessageRejectedException {
        String txHash = hash("txHash", message.getTxHash());
        if (!message.getPeerId().isEmpty()) {
            LOG.fine(() -> "rejected tx " + txHash + " from peer " + message.getPeerId() + ": not published again");
            return;
        }
        if (!settings.listenMode().announces()) {
            return;
        }
        p2p.server.gen2026.message.RejectedTxMessage out = new p2p.server.gen2026.message.RejectedTxMessage(
                ctx.self().toBase58(), settings.clientName(), txHash, message.getReason());
        ctx.publish(settings.topics().rejectedTx(), Envelope.wrap(settings.clientName(), out.encode()).encode());
        ctx.sink().announce(new Announcement(Announcement.REJECTED_TX, txHash, "", out.peerId(), "", 0, 0, 0, ""));
    }

    private void invalidBlock(KafkaInvalidBlockTopicMessage message) throws MessageRejectedException {
        String blockHash = hash("blockHash", message.getBlockHash());
        ctx.senders().take(blockHash).ifPresentOrElse(
                peer -> ctx.scorer().score(peer, BanReason.INVALID_BLOCK, "block " + blockHash + " is invalid: "
                        + message.getReason()),
                () -> LOG.info(() -> "invalid block " + blockHash + " (" + message.getReason()
                        + ") was not announced by any peer we remember; nobody scored"));
    }

    private static String hash(String field, String value) throws MessageRejectedException {
        try {
            return ChainHash.canonical(value);
        } catch (MalformedMessageException e) {
            throw new MessageRejectedException(field + ": " + e.getMessage(), null);
        }
    }

    /** Queues one record ({@code key} null: unkeyed); a failure is logged, the handler goes on. */
    private static void send(MessageProducer producer, String key, byte[] value, String what) {
        (key == null ? producer.send(value) : producer.send(key, value)).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warning(() -> "Kafka message for " + what + " to " + producer.topic() + " not produced: " + error);
            }
        });
    }
}
