package p2p.server;

import java.util.logging.Logger;
import java.util.regex.Pattern;
import p2p.ban.BanReason;
import p2p.kafka.MessageHandler;
import p2p.kafka.MessageRejectedException;
import p2p.kafka.ProtobufHandler;
import p2p.kafka.message.KafkaInvalidBlockTopicMessage;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.server.message.RejectedTxMessage;

/**
 * The two Kafka topics the server consumes (spec section 3): a transaction our validator rejected is published on
 * the rejected-tx topic; a block our validation found invalid costs the peer that announced it
 * {@code invalid_block} score. Handlers run on the consumers' threads.
 */
final class KafkaBridge {
    private static final Logger LOG = Logger.getLogger(KafkaBridge.class.getName());
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");

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
    }

    private void invalidBlock(KafkaInvalidBlockTopicMessage message) throws MessageRejectedException {
        String blockHash = hash("blockHash", message.getBlockHash());
        ctx.senders().sender(blockHash).ifPresentOrElse(
                peer -> ctx.scorer().score(peer, BanReason.INVALID_BLOCK, "block " + blockHash + " is invalid: "
                        + message.getReason()),
                () -> LOG.info(() -> "invalid block " + blockHash + " (" + message.getReason()
                        + ") was not announced by any peer we remember; nobody scored"));
    }

    private static String hash(String field, String value) throws MessageRejectedException {
        if (!HASH.matcher(value).matches()) {
            throw new MessageRejectedException(field + " '" + value + "' is not a 64-hex-digit hash", null);
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }
}
