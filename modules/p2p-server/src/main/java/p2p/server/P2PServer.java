package p2p.server;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.ban.BanList;
import p2p.ban.BanReason;
import p2p.chain.BlockchainClient;
import p2p.kafka.MessageHandler;
import p2p.kafka.MessageProducer;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.PeerListener;
import p2p.node.pubsub.Gossipsub;
import p2p.node.pubsub.TopicHandler;
import p2p.server.ban.BanScorer;
import p2p.server.stream.HandshakeStream;

/**
 * Teranode's P2P Server on a started {@link P2PNode} running gossipsub (spec sections 1 and 3).
 * {@link #start()} subscribes to the block, subtree, mining-on and handshake topics (rejected-tx is publish-only, as
 * in Teranode: its messages go out through gossipsub fanout), serves the direct handshake stream, installs the topic
 * handlers, follows the blockchain's notifications and publishes our {@code version}; every newly connected peer
 * gets one on the direct stream. The Kafka consumers of rejected transactions and invalid blocks are built by the
 * application around {@link #rejectedTxHandler()} and {@link #invalidBlocksHandler()}.
 */
public final class P2PServer implements GossipServer {
    private static final Logger LOG = Logger.getLogger(P2PServer.class.getName());
    /** Block hashes remembered with their announcing peer, for invalid-block scoring. */
    static final int REMEMBERED_BLOCKS = 10_000;
    /** Largest direct-stream message read: gossipsub's message limit (Go has none; spec 2.7). */
    static final int DIRECT_STREAM_MAX_BYTES = 1 << 20;
    /** How long a direct-stream sender has to finish its message (Go waits for ever; spec 2.7). */
    static final java.time.Duration DIRECT_STREAM_READ_TIMEOUT = java.time.Duration.ofSeconds(10);
    /** The blockchain subscription's source name, as Teranode's P2P service calls itself. */
    static final String SUBSCRIBER = "p2pServer";

    private final ServerContext ctx;
    private final Handshakes handshakes;
    private final TopicHandlers handlers;
    private final ChainAnnouncer announcer;
    private final KafkaBridge kafka;
    /** One thread keeps blockchain notifications in order. */
    private final ExecutorService chainThread = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("p2p-server-chain").factory());
    private final PeerListener peerListener = new PeerListener() {
        @Override
        public void connected(PeerInfo peer) {
            handshakes.sendVersionTo(peer.peerId());
        }

        @Override
        public void disconnected(PeerInfo peer) {
            ctx.heights().remove(peer.peerId());
        }
    };
    private final int directMaxBytes;
    private final java.time.Duration directReadTimeout;
    private AutoCloseable chainSubscription;
    private boolean started;

    private P2PServer(Builder b) {
        ExecutorService worker = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("p2p-server-", 0).factory());
        this.ctx = new ServerContext(b.settings, b.node, b.pubsub, b.chain, b.banList, b.scorer, b.blocks, b.subtrees,
                b.sink, new ServerCounters(), new PeerHeights(), new BlockSenders(REMEMBERED_BLOCKS), worker);
        this.handshakes = new Handshakes(ctx);
        this.kafka = new KafkaBridge(ctx);
        this.handlers = new TopicHandlers(ctx, handshakes, kafka);
        this.announcer = new ChainAnnouncer(ctx);
        this.directMaxBytes = b.directMaxBytes;
        this.directReadTimeout = b.directReadTimeout;
    }

    public static Builder builder(ServerSettings settings) {
        return new Builder(new MessageProfile.Teranode2025(settings));
    }

    /** A builder for the generation {@code profile} names; {@link Builder#buildServer()} builds its server. */
    public static Builder builder(MessageProfile profile) {
        return new Builder(profile);
    }

    /** Joins the topics, installs handlers, follows the blockchain and sends our version (spec section 1 order). */
    @Override
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the P2P server is already started");
        }
        started = true;
        TopicNames topics = ctx.topics();
        P2PNode node = ctx.node();
        ctx.pubsub().subscribe(topics.block(), topics.subtree(), topics.miningOn(), topics.handshake());
        node.setStreamHandler(HandshakeStream.PROTOCOL_ID, HandshakeStream.handler(directMaxBytes,
                directReadTimeout, new DirectReceiver()));
        ctx.pubsub().setTopicHandler(topics.block(), (TopicHandler.WithAuthor) handlers::block);
        ctx.pubsub().setTopicHandler(topics.subtree(), (TopicHandler.WithAuthor) handlers::subtree);
        ctx.pubsub().setTopicHandler(topics.miningOn(), (TopicHandler.WithAuthor) handlers::miningOn);
        ctx.pubsub().setTopicHandler(topics.handshake(), (TopicHandler.WithAuthor) handlers::handshake);
        chainSubscription = ctx.chain().subscribe(SUBSCRIBER, notification -> {
            try {
                chainThread.execute(() -> announcer.onNotification(notification));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                LOG.fine(() -> "blockchain notification after stop: " + notification.type());
            }
        });
        ctx.node().addListener(peerListener);
        handshakes.publishVersion();
        LOG.info(() -> "P2P server on " + topics.all() + " (rejected-tx publish-only) as " + ctx.self());
    }

    /** What the direct stream delivers: a handshake from the stream's peer, or a stream cut short. */
    private final class DirectReceiver implements HandshakeStream.Receiver {
        @Override
        public void received(PeerId from, byte[] payload) {
            handlers.directHandshake(payload, from);
        }

        @Override
        public void oversized(PeerId from, int limit) {
            ctx.counters().directRefused.increment();
            // No Teranode handshake comes near the limit: the stream's peer wrote it, so the peer is at fault.
            ctx.scorer().score(from, BanReason.PROTOCOL_VIOLATION, HandshakeStream.PROTOCOL_ID + " message longer than "
                    + limit + " bytes");
        }

        @Override
        public void timedOut(PeerId from, java.time.Duration timeout) {
            ctx.counters().directRefused.increment();
            LOG.fine(() -> HandshakeStream.PROTOCOL_ID + " stream of " + from + " not ended within " + timeout
                    + "; closed");
        }
    }

    /** Peers' heights, for GetPeers. */
    @Override
    public PeerHeights peerHeights() {
        return ctx.heights();
    }

    @Override
    public java.util.List<String> topics() {
        return ctx.topics().all();
    }

    /** Per-topic counts, for {@code /metrics}. */
    @Override
    public ServerCounters counters() {
        return ctx.counters();
    }

    /** The handler of the {@code kafka_rejectedTxConfig} consumer: publishes each rejected transaction. */
    @Override
    public MessageHandler rejectedTxHandler() {
        return kafka.rejectedTxHandler();
    }

    /** The handler of the {@code kafka_invalidBlocksConfig} consumer: scores the peer that announced the block. */
    @Override
    public MessageHandler invalidBlocksHandler() {
        return kafka.invalidBlocksHandler();
    }

    /** Stops the handlers; the node (and its gossipsub), producers and ban list stay the caller's. */
    @Override
    public synchronized void close() {
        ctx.node().removeListener(peerListener);
        ctx.node().removeStreamHandler(HandshakeStream.PROTOCOL_ID);
        if (started && ctx.pubsub().isRunning()) {
            for (String topic : ctx.topics().all()) {
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
            chainThread.awaitTermination(5, TimeUnit.SECONDS);
            ctx.worker().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Collects the server's collaborators; all but the sink are required. */
    public static final class Builder {
        private final MessageProfile profile;
        private final ServerSettings settings;
        private NodeStatusSink nodeStatuses = NodeStatusSink.NONE;
        private java.time.Clock clock = java.time.Clock.systemUTC();
        private P2PNode node;
        private Gossipsub pubsub;
        private BlockchainClient chain;
        private BanList banList;
        private BanScorer scorer;
        private MessageProducer blocks;
        private MessageProducer subtrees;
        private AnnouncementSink sink = AnnouncementSink.NONE;
        private int directMaxBytes = DIRECT_STREAM_MAX_BYTES;
        private java.time.Duration directReadTimeout = DIRECT_STREAM_READ_TIMEOUT;

        private Builder(MessageProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.settings = profile instanceof MessageProfile.Teranode2025(ServerSettings s) ? s : null;
        }

        /** The started libp2p host. */
        public Builder node(P2PNode value) {
            this.node = value;
            return this;
        }

        /** Gossipsub started on that host ({@link Gossipsub#start}): the topics the server joins and publishes on. */
        public Builder pubsub(Gossipsub value) {
            this.pubsub = value;
            return this;
        }

        public Builder chain(BlockchainClient value) {
            this.chain = value;
            return this;
        }

        /** The ban list read by the handlers and the scorer that adds ban score. */
        public Builder bans(BanList list, BanScorer banScorer) {
            this.banList = list;
            this.scorer = banScorer;
            return this;
        }

        /** The producers of {@code kafka_blocksConfig} and {@code kafka_subtreesConfig}. */
        public Builder producers(MessageProducer blocksProducer, MessageProducer subtreesProducer) {
            this.blocks = blocksProducer;
            this.subtrees = subtreesProducer;
            return this;
        }

        public Builder announcements(AnnouncementSink value) {
            this.sink = value;
            return this;
        }

        /** The direct stream's limits; tests shrink them, the defaults suit the network. */
        Builder directStream(int maxBytes, java.time.Duration readTimeout) {
            this.directMaxBytes = maxBytes;
            this.directReadTimeout = readTimeout;
            return this;
        }

        /** Where the 2026 server shows node_status messages (the WebSocket); ignored by the 2025 server. */
        public Builder nodeStatuses(NodeStatusSink value) {
            this.nodeStatuses = Objects.requireNonNull(value, "node status sink");
            return this;
        }

        /** The clock of node_status's start time and uptime; the system clock unless a test sets one. */
        public Builder clock(java.time.Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The server of the profile's generation. */
        public GossipServer buildServer() {
            return switch (profile) {
                case MessageProfile.Teranode2025 p -> build();
                case MessageProfile.Teranode2026(var s2026) -> {
                    requireParts();
                    yield new Teranode2026Server(this, s2026, nodeStatuses, clock);
                }
            };
        }

        P2PNode node() {
            return node;
        }

        Gossipsub pubsub() {
            return pubsub;
        }

        BlockchainClient chain() {
            return chain;
        }

        BanList banList() {
            return banList;
        }

        BanScorer scorer() {
            return scorer;
        }

        MessageProducer blocks() {
            return blocks;
        }

        MessageProducer subtrees() {
            return subtrees;
        }

        AnnouncementSink sink() {
            return sink;
        }

        /** The July-2025 server; the profile must be {@link MessageProfile.Teranode2025}. */
        public P2PServer build() {
            if (settings == null) {
                throw new IllegalStateException("build() makes the teranode-2025 server; use buildServer() for "
                        + profile.getClass().getSimpleName());
            }
            requireParts();
            return new P2PServer(this);
        }

        private void requireParts() {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(pubsub, "pubsub");
            Objects.requireNonNull(chain, "blockchain client");
            Objects.requireNonNull(banList, "ban list");
            Objects.requireNonNull(scorer, "ban scorer");
            Objects.requireNonNull(blocks, "blocks producer");
            Objects.requireNonNull(subtrees, "subtrees producer");
            Objects.requireNonNull(sink, "announcement sink");
        }
    }
}
