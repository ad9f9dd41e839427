package p2p.server;

import java.util.logging.Logger;
import p2p.ban.BanReason;
import p2p.kafka.MessageHandler;
import p2p.kafka.MessageRejectedException;
import p2p.kafka.ProtobufHandler;
import p2p.kafka.message.KafkaInvalidBlockTopicMessage;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.server.json.ChainHash;
import p2p.server.message.MalformedMessageException;
import p2p.server.message.RejectedTxMessage;

/**
 * The two Kafka topics the server consumes (spec sections 3.7, 4.4 and 5.3): a transaction our validator rejected is
 * published on the rejected-tx topic (and shown to operators as {@code rejected_tx}, an addition to Teranode's
 * WebSocket types); a block our validation found invalid costs the peer that delivered its announcement
 * {@code invalid_block} score, once: the entry is then forgotten, as Teranode deletes it. Hashes are parsed as
 * Teranode's {@code chainhash} parses them (0 to 64 hex digits). Handlers run on the consumers' threads.
 */
final class KafkaBridge {
    private static final Logger LOG = Logger.getLogger(KafkaBridge.class.getName());

    private final ServerContext ctx;

    KafkaBridge(ServerContext ctx) {
        this.ctx = ctx;
    }

    MessageHandler rejectedTxHandler() {
        return ProtobufHandler.of(KafkaRejectedTxTopicMessage.parser(), this::rejectedTx);
    }

    MessageHandler invalidBlocksHandler() {
        return ProtobufHandler.of(KafkaInvalidBlockTopicMessage.parser(), this::invalidBlock);
    }

    private void rejectedTx(KafkaRejectedTxTopicMessage message) throws MessageRejectedException {
        String txHash = hash("txHash", message.getTxHash());
        RejectedTxMessage out = new RejectedTxMessage(txHash, message.getReason(), ctx.self().toBase58());
        ctx.publish(ctx.topics().rejectedTx(), out.encode());
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
}
