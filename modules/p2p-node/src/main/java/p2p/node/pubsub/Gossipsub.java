package p2p.node.pubsub;

import java.util.concurrent.CompletableFuture;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.PeerListener;
import p2p.node.pubsub.netty.PubsubStreams;

/**
 * Gossipsub running on a {@link P2PNode}, and the topic facade applications use (the reference's P2PNodeI topic
 * methods: subscribe, set a topic's handler, publish, a topic's peers): the {@link GossipRouter} on its own loop
 * thread, served on every id of {@link PubsubProtocols#ALL}, with one long-lived outbound stream opened to each
 * connected peer (reopened when it closes while the peer stays connected, e.g. after the host replaced a duplicate
 * connection). The host does not know pubsub: gossipsub attaches itself to the node and is closed when it stops.
 */
public final class Gossipsub implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Gossipsub.class.getName());

    private final P2PNode node;
    private final ExecutorPubsubLoop loop;
    private final GossipRouter router;
    private final PubsubStreams streams;
    /** Present when {@link GossipConfig#peerExchange()} is on. */
    private final NodePeerExchange peerExchange;
    private volatile boolean closed;
    private final PeerListener listener = new PeerListener() {
        @Override
        public void connected(PeerInfo peer) {
            openOutbound(peer.peerId());
        }

        @Override
        public void disconnected(PeerInfo peer) {
            streams.peerGone(peer.peerId());
        }
    };

    private Gossipsub(P2PNode node, GossipConfig config, PeerPenaltyListener penalties) {
        this.node = node;
        this.loop = new ExecutorPubsubLoop("gossipsub");
        this.peerExchange = config.peerExchange() ? new NodePeerExchange(node, config.maxPxConnections()) : null;
        this.router = GossipRouter.create(config, node.config().identityKey(), loop, penalties,
                peerExchange == null ? PeerExchange.NONE : peerExchange);
        this.streams = new PubsubStreams(router, config.maxFrameBytes(), this::outboundLost);
        router.onPeerDropped(streams::resetInbound);
    }

    /**
     * Starts gossipsub on a started node: registers the stream handlers and the peer listener, opens outbound
     * streams to the peers already connected, and starts the heartbeat; it stops with the node (or on
     * {@link #close}). {@code penalties} hears of peers that sent invalid messages or broke the protocol.
     */
    public static Gossipsub start(P2PNode node, GossipConfig config, PeerPenaltyListener penalties) {
        if (!node.isStarted()) {
            throw new IllegalStateException("start the node before gossipsub");
        }
        if (node.protocols().contains(PubsubProtocols.ALL.get(0))) {
            throw new IllegalStateException("gossipsub already runs on this node");
        }
        Gossipsub gossipsub = new Gossipsub(node, config, penalties);
        node.closeOnStop(gossipsub);
        for (String protocolId : PubsubProtocols.ALL) {
            node.setStreamHandler(protocolId, gossipsub.streams::inboundStream);
        }
        node.addListener(gossipsub.listener);
        for (PeerInfo peer : node.peers()) {
            gossipsub.openOutbound(peer.peerId());
        }
        gossipsub.router.start();
        return gossipsub;
    }

    /** Joins each topic: announces it to every peer and builds its mesh. */
    public void subscribe(String... topics) {
        requireRunning();
        for (String topic : topics) {
            router.subscribe(topic);
        }
    }

    /** Leaves a topic joined with {@link #subscribe}. */
    public void unsubscribe(String topic) {
        requireRunning();
        router.unsubscribe(topic);
    }

    /**
     * Sets (or with {@code null} removes) the handler of one topic's messages. Every message is handed over once,
     * this node's own ones included (the handler decides to ignore them, as Teranode's do).
     */
    public void setTopicHandler(String topic, TopicHandler handler) {
        requireRunning();
        router.setTopicHandler(topic, handler);
    }

    /**
     * Signs {@code data} (StrictSign) and sends it on {@code topic}; completes once it is written to the peers'
     * streams, so a publisher that awaits each publish is paced by the network.
     */
    public CompletableFuture<Void> publish(String topic, byte[] data) {
        requireRunning();
        return router.publish(topic, data);
    }

    /** The connected peers that announced {@code topic}. */
    public CompletableFuture<java.util.Set<PeerId>> topicPeers(String topic) {
        requireRunning();
        return router.topicPeers(topic);
    }

    /** Whether gossipsub serves: started and neither closed nor stopped with its node. */
    public boolean isRunning() {
        return !closed;
    }

    private void requireRunning() {
        if (closed) {
            throw new IllegalStateException("gossipsub is not running: it was closed or its node stopped");
        }
    }

    /** The router: the mesh and counters for inspection. */
    public GossipRouter router() {
        return router;
    }

    /** The peer-exchange dialer and its counters, when peer exchange is on. */
    public java.util.Optional<NodePeerExchange> peerExchange() {
        return java.util.Optional.ofNullable(peerExchange);
    }

    private CompletableFuture<String> openOutbound(PeerId peer) {
        return streams.openOutbound(peer, node::newStream).whenComplete((protocolId, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "no pubsub stream to {0}: {1}", peer, failure.getMessage());
            }
        });
    }

    private void outboundLost(PeerId peer) {
        if (!closed && node.isConnected(peer)) {
            openOutbound(peer);
        }
    }

    /** Stops serving pubsub; the node and its connections stay up. Closing again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        node.removeListener(listener);
        for (String protocolId : PubsubProtocols.ALL) {
            node.removeStreamHandler(protocolId);
        }
        streams.closeAll();
        router.close();
        loop.close();
    }
}
