package p2p.server;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.chain.BlockHeaderInfo;
import p2p.chain.ChainNotification;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.message.BlockMessage;
import p2p.server.gen2026.message.Envelope;
import p2p.server.gen2026.message.SubtreeMessage;

/**
 * Publishes what the local blockchain service announces, the 2026 way (spec teranode-2026 1.3, 1.4): a block with
 * its height, 80-byte header as hex, our client name and an empty {@code Coinbase} (Teranode never sets it), then
 * our node_status; a subtree. Mining-on is gone in 2026. {@code listen_only} and {@code silent} publish no block or
 * subtree; node_status follows {@link NodeStatusPublisher}'s rules. Every payload goes out in the envelope.
 */
final class Announcer2026 {
    private static final Logger LOG = Logger.getLogger(Announcer2026.class.getName());

    private final ServerContext ctx;
    private final Settings2026 settings;
    private final NodeStatusPublisher status;

    Announcer2026(ServerContext ctx, Settings2026 settings, NodeStatusPublisher status) {
        this.ctx = ctx;
        this.settings = settings;
        this.status = status;
    }

    /** Handles one notification on the server's single chain thread, so order is kept. */
    void onNotification(ChainNotification notification) {
        try {
            switch (notification.type()) {
                case BLOCK -> block(notification);
                case SUBTREE -> subtree(notification);
                default -> LOG.finer(() -> "ignoring a " + notification.type() + " notification");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "blockchain notification " + notification.type() + " " + notification.hash()
                    + " not announced", e);
        }
    }

    private void block(ChainNotification notification) {
        if (settings.listenMode().announces()) {
            Optional<BlockHeaderInfo> header = ctx.chain().blockHeader(notification.hash());
            if (header.isEmpty()) {
                LOG.warning(() -> "block notification for " + notification.hash() + " but the blockchain service has "
                        + "no header for it; not announced");
            } else {
                BlockMessage message = new BlockMessage(ctx.self().toBase58(), settings.clientName(),
                        settings.dataHubUrl(), notification.hash().toDisplayHex(), header.get().height(),
                        NodeStatusPublisher.headerHex(header.get()), "");
                publish(settings.topics().block(), message.encode());
            }
        }
        status.publish();
    }

    private void subtree(ChainNotification notification) {
        if (!settings.listenMode().announces()) {
            return;
        }
        SubtreeMessage message = new SubtreeMessage(ctx.self().toBase58(), settings.clientName(),
                settings.dataHubUrl(), notification.hash().toDisplayHex());
        publish(settings.topics().subtree(), message.encode());
    }

    private void publish(String topic, byte[] payload) {
        ctx.publish(topic, Envelope.wrap(settings.clientName(), payload).encode());
    }
}
