package p2p.server;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.kafka.MessageHandler;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.PeerListener;
import p2p.node.pubsub.TopicHandler;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.Topics2026;
import p2p.server.gen2026.message.NodeStatusMessage;

/**
 * Teranode's 2026 P2P message parts on a started {@link P2PNode} (spec teranode-2026 1.3-1.5, 1.8, 1.11): joins the
 * block, subtree, node_status and rejected-tx topics, unwraps and checks every message ({@link Handlers2026}),
 * publishes the blockchain's blocks and subtrees ({@link Announcer2026}) and our node_status every
 * {@code statusInterval} and on each new block ({@link NodeStatusPublisher}), and our validator's rejected
 * transactions ({@link KafkaBridge}). No handshake: heights and URLs come from node_status. The wire side of
 * 2026 (no PSK, DHT prefix, relay, peer exchange) is the node's, not this class's.
 */
public final class Teranode2026Server implements GossipServer {
    private static final Logger LOG = Logger.getLogger(Teranode2026Server.class.getName());

    private final ServerContext ctx;
    private final Settings2026 settings;
    private final PeerStatuses statuses = new PeerStatuses();
    private final Handlers2026 handlers;
    private final NodeStatusPublisher status;
    private final Announcer2026 announcer;
    private final KafkaBridge kafka;
    private final ExecutorService chainThread = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("p2p-server-chain").factory());
    private final ScheduledExecutorService statusTimer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("p2p-node-status").factory());
    private final PeerListener peerListener = new PeerListener() {
        @Override
        public void connected(PeerInfo peer) {
            // 2026 has no handshake: a peer's height arrives with its next node_status.
        }

        @Override
        public void disconnected(PeerInfo peer) {
            ctx.heights().remove(peer.peerId());
            statuses.remove(peer.peerId());
        }
    };
    private AutoCloseable chainSubscription;
    private boolean started;

    Teranode2026Server(P2PServer.Builder b, Settings2026 settings, NodeStatusSink statusSink, Clock clock) {
        ExecutorService worker = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("p2p-server-", 0).factory());
        this.settings = settings;
        // The 2025 settings (five topic names) do not apply; the 2026 parts read Settings2026.
        this.ctx = new ServerContext(null, b.node(), b.pubsub(), b.chain(), b.banList(), b.scorer(), b.blocks(), b.subtrees(),
                b.sink(), new ServerCounters(), new PeerHeights(), new BlockSenders(P2PServer.REMEMBERED_BLOCKS), worker);
        this.kafka = new KafkaBridge(ctx);
        this.handlers = new Handlers2026(ctx, settings, statuses, statusSink, kafka);
        this.status = new NodeStatusPublisher(ctx, settings, clock);
        this.announcer = new Announcer2026(ctx, settings, status);
    }

    @Override
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the P2P server is already started");
        }
        started = true;
        Topics2026 topics = settings.topics();
        P2PNode node = ctx.node();
        ctx.pubsub().subscribe(topics.block(), topics.subtree(), topics.nodeStatus(), topics.rejectedTx());
        ctx.pubsub().setTopicHandler(topics.block(), (TopicHandler.WithAuthor) handlers::block);
        ctx.pubsub().setTopicHandler(topics.subtree(), (TopicHandler.WithAuthor) handlers::subtree);
        ctx.pubsub().setTopicHandler(topics.nodeStatus(), (TopicHandler.WithAuthor) handlers::nodeStatus);
        ctx.pubsub().setTopicHandler(topics.rejectedTx(), (TopicHandler.WithAuthor) handlers::rejectedTx);
        chainSubscription = ctx.chain().subscribe(P2PServer.SUBSCRIBER, notification -> {
            try {
                chainThread.execute(() -> announcer.onNotification(notification));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                LOG.fine(() -> "blockchain notification after stop: " + notification.type());
            }
        });
        node.addListener(peerListener);
        long period = settings.statusInterval().toMillis();
        statusTimer.scheduleAtFixedRate(this::publishStatus, 0, period, TimeUnit.MILLISECONDS);
        LOG.info(() -> "P2P server (teranode-2026, listen_mode " + settings.listenMode().setting() + ") on "
                + topics.all() + " as " + ctx.self());
    }

    private void publishStatus() {
        try {
            status.publish();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node_status not published", e);
        }
    }

    /** This node's latest node_status, which a new WebSocket client gets first (spec teranode-2026 1.8). */
    public NodeStatusMessage ownStatus() {
        return status.latest();
    }

    /** What peers said in their node_status: hashes, URLs, storage modes, for GetPeers. */
    public PeerStatuses peerStatuses() {
        return statuses;
    }

    @Override
    public java.util.Optional<PeerStatuses.Status> peerStatus(p2p.node.crypto.PeerId peer) {
        return statuses.get(peer);
    }

    @Override
    public PeerHeights peerHeights() {
        return ctx.heights();
    }

    @Override
    public java.util.List<String> topics() {
        return settings.topics().all();
    }

    @Override
    public ServerCounters counters() {
        return ctx.counters();
    }

    @Override
    public MessageHandler rejectedTxHandler() {
        return kafka.rejectedTxHandler(settings);
    }

    @Override
    public MessageHandler invalidBlocksHandler() {
        return kafka.invalidBlocksHandler();
    }

    @Override
    public synchronized void close() {
        statusTimer.shutdownNow();
        ctx.node().removeListener(peerListener);
        if (started && ctx.pubsub().isRunning()) {
            for (String topic : settings.topics().all()) {
                ctx.pubsub().setTopicHandler(topic, null);
            }
        }
        if (chainSubscription != null) {
            try {
                chainSubscription.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the blockchain subscription failed", e);
            }
        }
        chainThread.shutdownNow();
        ctx.worker().shutdownNow();
        try {
            statusTimer.awaitTermination(5, TimeUnit.SECONDS);
            chainThread.awaitTermination(5, TimeUnit.SECONDS);
            ctx.worker().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
