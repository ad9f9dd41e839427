package p2p.server;

import java.util.logging.Logger;
import p2p.kafka.MessageHandler;
import p2p.kafka.MessageRejectedException;
import p2p.kafka.ProtobufHandler;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.message.Envelope;
import p2p.server.gen2026.message.RejectedTxMessage;
import p2p.server.json.ChainHash;
import p2p.server.message.MalformedMessageException;

/**
 * The rejected-tx Kafka consumer of the 2026 generation (spec teranode-2026 1.4, 1.11): only our own validator's
 * rejections (empty {@code peer_id}) are published, enveloped, with our peer id and client name; a peer's rejection
 * (set {@code peer_id}) was gossiped by that peer and is not published again; {@code listen_only} and
 * {@code silent} publish none. Invalid blocks are scored as in 2025 ({@link KafkaBridge}).
 */
final class KafkaBridge2026 {
    private static final Logger LOG = Logger.getLogger(KafkaBridge2026.class.getName());

    private final ServerContext ctx;
    private final Settings2026 settings;

    KafkaBridge2026(ServerContext ctx, Settings2026 settings) {
        this.ctx = ctx;
        this.settings = settings;
    }

    MessageHandler rejectedTxHandler() {
        return ProtobufHandler.of(KafkaRejectedTxTopicMessage.parser(), this::rejectedTx);
    }

    private void rejectedTx(KafkaRejectedTxTopicMessage message) throws MessageRejectedException {
        String txHash;
        try {
            txHash = ChainHash.canonical(message.getTxHash());
        } catch (MalformedMessageException e) {
            throw new MessageRejectedException("txHash: " + e.getMessage(), null);
        }
        if (!message.getPeerId().isEmpty()) {
            LOG.fine(() -> "rejected tx " + txHash + " from peer " + message.getPeerId() + ": not published again");
            return;
        }
        if (!settings.listenMode().announces()) {
            return;
        }
        RejectedTxMessage out = new RejectedTxMessage(ctx.self().toBase58(), settings.clientName(), txHash,
                message.getReason());
        ctx.publish(settings.topics().rejectedTx(), Envelope.wrap(settings.clientName(), out.encode()).encode());
        ctx.sink().announce(new Announcement(Announcement.REJECTED_TX, txHash, "", out.peerId(), "", 0, 0, 0, ""));
    }
}
