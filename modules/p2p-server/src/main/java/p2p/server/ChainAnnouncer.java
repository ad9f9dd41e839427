package p2p.server;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.chain.BlockHeaderInfo;
import p2p.chain.ChainNotification;
import p2p.server.message.BlockMessage;
import p2p.server.message.MiningOnMessage;
import p2p.server.message.SubtreeMessage;

/**
 * Publishes what the local blockchain service announces (spec section 3 "blockchain notification out"): a block with
 * its height, a subtree, and mining-on with the best header's metadata. Other types are
 * ignored; a failure on one notification is logged and never stops the next. Operators see these announcements
 * when they come back through this node's own subscriptions (spec 2.5), like everyone else's.
 */
final class ChainAnnouncer {
    private static final Logger LOG = Logger.getLogger(ChainAnnouncer.class.getName());

    private final ServerContext ctx;

    ChainAnnouncer(ServerContext ctx) {
        this.ctx = ctx;
    }

    /** Handles one notification; called on the server's single chain thread, so order is kept. */
    void onNotification(ChainNotification notification) {
        try {
            switch (notification.type()) {
                case BLOCK -> block(notification);
                case SUBTREE -> subtree(notification);
                case MINING_ON -> miningOn();
                default -> LOG.finer(() -> "ignoring a " + notification.type() + " notification");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "blockchain notification " + notification.type() + " " + notification.hash()
                    + " not announced", e);
        }
    }

    private void block(ChainNotification notification) {
        Optional<BlockHeaderInfo> header = ctx.chain().blockHeader(notification.hash());
        if (header.isEmpty()) {
            LOG.warning(() -> "block notification for " + notification.hash() + " but the blockchain service has no "
                    + "header for it; not announced");
            return;
        }
        BlockMessage message = new BlockMessage(notification.hash().toDisplayHex(), header.get().height(),
                ctx.settings().dataHubUrl(), ctx.self().toBase58());
        ctx.publish(ctx.topics().block(), message.encode());
    }

    private void subtree(ChainNotification notification) {
        SubtreeMessage message = new SubtreeMessage(notification.hash().toDisplayHex(), ctx.settings().dataHubUrl(),
                ctx.self().toBase58());
        ctx.publish(ctx.topics().subtree(), message.encode());
    }

    private void miningOn() {
        BlockHeaderInfo best = ctx.chain().bestBlockHeader();
        MiningOnMessage message = new MiningOnMessage(best.hash().toDisplayHex(), best.previousHash().toDisplayHex(),
                ctx.settings().dataHubUrl(), ctx.self().toBase58(), best.height(), best.miner(), best.sizeInBytes(),
                best.txCount());
        // Operators see it when it comes back through our own subscription, as every announcement does; Go also
        // pushes it here, so its clients see their own mining-on twice (spec 3.6).
        ctx.publish(ctx.topics().miningOn(), message.encode());
    }
}
