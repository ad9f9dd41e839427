package p2p.node.pubsub;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PrivKey;
import p2p.node.pubsub.pb.PubsubProto.ControlGraft;
import p2p.node.pubsub.pb.PubsubProto.ControlIDontWant;
import p2p.node.pubsub.pb.PubsubProto.ControlIHave;
import p2p.node.pubsub.pb.PubsubProto.ControlIWant;
import p2p.node.pubsub.pb.PubsubProto.ControlMessage;
import p2p.node.pubsub.pb.PubsubProto.ControlPrune;
import p2p.node.pubsub.pb.PubsubProto.Message;
import p2p.node.pubsub.pb.PubsubProto.RPC;

/**
 * The gossipsub router (gossipsub-v1.0.md, gossipsub-v1.1.md, gossipsub-v1.2.md) with the StrictSign policy and
 * message id {@code from + seqno}: meshes per joined topic kept within [D_lo, D_hi] by a heartbeat, fanout for
 * topics we only publish to, IHAVE/IWANT gossip from a sliding message cache, GRAFT/PRUNE with backoff, flood
 * publishing of own messages, IDONTWANT for messages of 1 KiB and more (sent once the signature holds; honoured by
 * skipping the peer and by taking back a copy still queued for it), and floodsub peers served by flooding.
 *
 * <p>Threading: every piece of router state is owned by one {@link PubsubLoop} thread. Public methods and the
 * {@link PubsubInbound} callbacks may be called from any thread; they post their work to the loop and never block.
 * Topic handlers and the penalty listener run on the loop. Sends never block either: each peer's link holds at
 * most {@link GossipConfig#maxOutboundQueue()} unwritten frames and further RPCs to it are dropped and counted.
 *
 * <p>Peer exchange (v1.1 "Prune Backoff and Peer Exchange") when {@link GossipConfig#peerExchange()} is on (the
 * Teranode 2026 profile): our PRUNEs offer other peers of the topic with their signed records, and the peers offered
 * in PRUNEs we receive are handed to {@link PeerExchange#connect}. Off, PX entries received are ignored.
 *
 * <p>Not implemented from v1.1: peer scoring (penalties go to the ban manager instead; with no score, every peer
 * is at go's default acceptPXThreshold of 0 and its PX is accepted, as go does without scoring), opportunistic
 * grafting, outbound-degree quotas.
 */
public final class GossipRouter implements PubsubInbound, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GossipRouter.class.getName());
    /** A GRAFT this soon after our PRUNE is a flood, not a clock skew (go-libp2p-pubsub uses the same 10 s). */
    private static final Duration GRAFT_FLOOD_THRESHOLD = Duration.ofSeconds(10);
    /** Topics one peer may announce: bounds the memory a peer can make us spend on its subscriptions. */
    static final int MAX_TOPICS_PER_PEER = 1024;
    /** Room for the RPC and Message envelopes around a published payload. */
    private static final int ENVELOPE_BYTES = 512;
    /**
     * gossipsub v1.2 leaves the IDONTWANT policy to implementations; these are go-libp2p-pubsub's: messages of at
     * least 1 KiB are announced, a peer's IDONTWANT ids are accepted up to 1,000 per heartbeat and honoured for 3
     * heartbeats. Small messages are not worth a control message each.
     */
    static final int IDONTWANT_MIN_BYTES = 1024;
    static final int MAX_IDONTWANT_IDS = 1000;
    static final int IDONTWANT_TTL_HEARTBEATS = 3;
    /** Longer ids are not ours (from + seqno): ignoring them bounds what a peer can make us store. */
    private static final int MAX_MESSAGE_ID_BYTES = 256;

    private final GossipConfig config;
    private final MessageSigner signer;
    private final SignatureVerifier verifier;
    private final PubsubLoop loop;
    private final PeerPenaltyListener penalties;
    private final PeerExchange exchange;
    private final RandomGenerator random;
    private final PeerId self;
    private volatile Consumer<PeerId> droppedListener = peer -> { };
    private final PubsubCounters counters = new PubsubCounters();

    // Everything below is owned by the loop thread.
    private final Map<PeerId, PeerState> peers = new LinkedHashMap<>();
    /** Topic -> peers that announced it. */
    private final Map<String, Set<PeerId>> topicPeers = new HashMap<>();
    /** Joined topic -> mesh peers. A key is present exactly while we are subscribed. */
    private final Map<String, Set<PeerId>> mesh = new LinkedHashMap<>();
    /** Topic we publish to without joining -> fanout peers. */
    private final Map<String, Set<PeerId>> fanout = new LinkedHashMap<>();
    private final Map<String, Instant> fanoutLastPublish = new HashMap<>();
    private final Map<String, TopicHandler> handlers = new HashMap<>();
    /** Control messages gathered while handling one event, sent as one RPC per peer at its end. */
    private final Map<PeerId, ControlMessage.Builder> pendingControl = new LinkedHashMap<>();
    /** Ids asked for in the current heartbeat, so one IHAVE wave does not trigger one IWANT per advertiser. */
    private final Set<ByteString> askedThisHeartbeat = new HashSet<>();
    private final BackoffTable backoff = new BackoffTable();
    private final SeenCache seen;
    private final MessageCache mcache;
    private long nextSeqno;
    /** Heartbeats run so far: the clock of IDONTWANT expiry. */
    private long heartbeats;
    private AutoCloseable heartbeatTimer;

    /** A router with a fresh random source. */
    public GossipRouter(GossipConfig config, MessageSigner signer, SignatureVerifier verifier, PubsubLoop loop,
            PeerPenaltyListener penalties) {
        this(config, signer, verifier, loop, penalties, RandomGenerator.of("L64X128MixRandom"));
    }

    /** A router whose peer selection draws from {@code random} (seeded in simulations), without a host for PX. */
    public GossipRouter(GossipConfig config, MessageSigner signer, SignatureVerifier verifier, PubsubLoop loop,
            PeerPenaltyListener penalties, RandomGenerator random) {
        this(config, signer, verifier, loop, penalties, PeerExchange.NONE, random);
    }

    /** A router that offers and dials peer-exchange peers through {@code exchange}. */
    public GossipRouter(GossipConfig config, MessageSigner signer, SignatureVerifier verifier, PubsubLoop loop,
            PeerPenaltyListener penalties, PeerExchange exchange, RandomGenerator random) {
        this.config = config;
        this.exchange = exchange;
        this.signer = signer;
        this.verifier = verifier;
        this.loop = loop;
        this.penalties = penalties;
        this.random = random;
        this.self = PeerId.fromBytes(signer.peerId());
        this.seen = new SeenCache(config.seenTtl());
        this.mcache = new MessageCache(config.historyLength(), config.historyGossip());
        // Sequence numbers start at the wall-clock nanoseconds, so a restarted node does not reuse numbers that
        // peers still hold in their seen caches.
        Instant now = loop.now();
        this.nextSeqno = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** A router that signs with the node's identity key and verifies with libp2p keys (the production setup). */
    public static GossipRouter create(GossipConfig config, PrivKey identity, PubsubLoop loop,
            PeerPenaltyListener penalties) {
        return create(config, identity, loop, penalties, PeerExchange.NONE);
    }

    /** {@link #create(GossipConfig, PrivKey, PubsubLoop, PeerPenaltyListener)} with the host's peer exchange. */
    public static GossipRouter create(GossipConfig config, PrivKey identity, PubsubLoop loop,
            PeerPenaltyListener penalties, PeerExchange exchange) {
        return new GossipRouter(config, new PrivKeySigner(identity), new PeerIdSignatureVerifier(), loop, penalties,
                exchange, RandomGenerator.of("L64X128MixRandom"));
    }

    // ---------------------------------------------------------------- public API (any thread)

    /** The local peer id, stamped into the {@code from} field of own messages. */
    public PeerId localPeer() {
        return self;
    }

    /** Running totals; readable from any thread. */
    /**
     * Who closes a dropped peer's inbound streams (the stream layer); set once, before {@link #start}. Called on the
     * loop thread when a peer is dropped for a protocol violation.
     */
    public void onPeerDropped(Consumer<PeerId> listener) {
        this.droppedListener = Objects.requireNonNull(listener, "listener");
    }

    public PubsubCounters counters() {
        return counters;
    }

    /** Starts the heartbeat. */
    public void start() {
        loop.execute(() -> {
            if (heartbeatTimer == null) {
                heartbeatTimer = loop.schedulePeriodically(config.heartbeatInterval(), this::heartbeatSafely);
            }
        });
    }

    /** Stops the heartbeat; the peers' links belong to the transport and stay open. */
    @Override
    public void close() {
        loop.execute(() -> {
            if (heartbeatTimer != null) {
                try {
                    heartbeatTimer.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "stopping the pubsub heartbeat failed", e);
                }
                heartbeatTimer = null;
            }
        });
    }

    /** Joins {@code topic}: announces it to every peer and builds its mesh. */
    public void subscribe(String topic) {
        requireTopic(topic);
        loop.execute(() -> join(topic));
    }

    /** Leaves {@code topic}: announces it, and PRUNEs the mesh peers with the unsubscribe backoff. */
    public void unsubscribe(String topic) {
        requireTopic(topic);
        loop.execute(() -> leave(topic));
    }

    /** Sets (or with {@code null} removes) the handler of {@code topic}'s messages. */
    public void setTopicHandler(String topic, TopicHandler handler) {
        requireTopic(topic);
        loop.execute(() -> {
            if (handler == null) {
                handlers.remove(topic);
            } else {
                handlers.put(topic, handler);
            }
        });
    }

    /**
     * Signs and sends {@code data} on {@code topic}; also delivers it to the local handler when joined. The future
     * completes once the message is written to the streams of the peers it was sent to (a peer whose queue was full
     * is skipped and counted): a publisher that awaits it goes at the pace of the network.
     *
     * @throws IllegalArgumentException when the payload cannot fit in {@link GossipConfig#maxFrameBytes()}
     */
    public CompletableFuture<Void> publish(String topic, byte[] data) {
        requireTopic(topic);
        if (data.length > config.maxFrameBytes() - ENVELOPE_BYTES) {
            throw new IllegalArgumentException("pubsub payload of " + data.length + " bytes exceeds the limit of "
                    + (config.maxFrameBytes() - ENVELOPE_BYTES) + " (maxFrameBytes minus envelope)");
        }
        byte[] copy = data.clone();
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                publishOwn(topic, copy).whenComplete((written, never) -> done.complete(null));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** The current mesh of {@code topic} (empty when not joined). */
    public CompletableFuture<Set<PeerId>> meshPeers(String topic) {
        return query(() -> Set.copyOf(mesh.getOrDefault(topic, Set.of())));
    }

    /** The connected peers that announced {@code topic}. */
    public CompletableFuture<Set<PeerId>> topicPeers(String topic) {
        return query(() -> Set.copyOf(topicPeers.getOrDefault(topic, Set.of())));
    }

    // ---------------------------------------------------------------- transport events (any thread)

    @Override
    public void peerConnected(PubsubPeerLink link) {
        loop.execute(() -> onPeerConnected(link));
    }

    @Override
    public void peerDisconnected(PeerId peer) {
        loop.execute(() -> forgetPeer(peer));
    }

    @Override
    public void outboundLost(PubsubPeerLink link) {
        loop.execute(() -> onOutboundLost(link));
    }

    @Override
    public void frameReceived(PeerId peer, byte[] payload) {
        loop.execute(() -> onFrame(peer, payload));
    }

    @Override
    public void protocolViolation(PeerId peer, String detail) {
        loop.execute(() -> dropForViolation(peer, detail));
    }

    // ---------------------------------------------------------------- loop-thread handlers

    private void onPeerConnected(PubsubPeerLink link) {
        PeerState state = peers.computeIfAbsent(link.peer(), PeerState::new);
        state.link = link;
        if (!mesh.isEmpty()) {
            // The "hello": our subscriptions, so the peer can count us in its meshes.
            RPC.Builder hello = RPC.newBuilder();
            for (String topic : mesh.keySet()) {
                hello.addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(topic));
            }
            send(state, hello.build());
        }
    }

    private void forgetPeer(PeerId peer) {
        PeerState state = peers.remove(peer);
        if (state == null) {
            return;
        }
        for (String topic : state.topics) {
            removeFromTopic(topic, peer);
        }
        pendingControl.remove(peer);
    }

    /**
     * Only our sending side is gone: leave the meshes and fanouts (nothing can be sent until a new outbound stream
     * arrives; the heartbeat grafts again then) but keep the peer's subscriptions, which it will not repeat.
     */
    private void onOutboundLost(PubsubPeerLink link) {
        PeerState state = peers.get(link.peer());
        if (state == null || state.link != link) {
            return; // already replaced by a newer stream, or the peer is forgotten
        }
        state.link = null;
        for (String topic : state.topics) {
            Set<PeerId> meshPeers = mesh.get(topic);
            if (meshPeers != null) {
                meshPeers.remove(link.peer());
            }
            Set<PeerId> fanoutPeers = fanout.get(topic);
            if (fanoutPeers != null) {
                fanoutPeers.remove(link.peer());
            }
        }
        pendingControl.remove(link.peer());
    }

    private void dropForViolation(PeerId peer, String detail) {
        counters.protocolViolations.incrementAndGet();
        LOG.log(System.Logger.Level.INFO, "pubsub peer {0} dropped: {1}", peer, detail);
        PeerState state = peers.get(peer);
        if (state != null && state.link != null) {
            state.link.close(detail);
        }
        // Its inbound streams too: a peer that sends garbage without serving pubsub has no link to close them by,
        // and its stream must not stay open until a ban closes the whole connection.
        droppedListener.accept(peer);
        forgetPeer(peer);
        penalties.onPenalty(peer, PenaltyReason.PROTOCOL_VIOLATION, detail);
    }

    private void onFrame(PeerId peer, byte[] payload) {
        RPC rpc;
        try {
            rpc = RpcCodec.decode(payload, config.maxFrameBytes());
        } catch (ProtocolException e) {
            dropForViolation(peer, e.getMessage());
            return;
        }
        PeerState state = peers.computeIfAbsent(peer, PeerState::new);
        int refused = 0;
        for (RPC.SubOpts sub : rpc.getSubscriptionsList()) {
            refused += onSubscription(state, sub) ? 0 : 1;
        }
        if (refused > 0) {
            penalties.onPenalty(peer, PenaltyReason.SPAM, refused + " subscriptions beyond " + MAX_TOPICS_PER_PEER
                    + " topics");
        }
        for (Message message : rpc.getPublishList()) {
            onMessage(state, message);
        }
        if (rpc.hasControl() && (state.link == null || state.speaksGossip())) {
            onControl(state, rpc.getControl());
        }
        flushControl();
    }

    /** Applies one subscription change; returns false when it was refused for exceeding the topic cap. */
    private boolean onSubscription(PeerState state, RPC.SubOpts sub) {
        String topic = sub.getTopicid();
        if (topic.isEmpty()) {
            return true;
        }
        if (sub.getSubscribe()) {
            if (state.topics.size() >= MAX_TOPICS_PER_PEER && !state.topics.contains(topic)) {
                return false;
            }
            if (state.topics.add(topic)) {
                topicPeers.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(state.id);
            }
        } else if (state.topics.remove(topic)) {
            removeFromTopic(topic, state.id);
        }
        return true;
    }

    private void removeFromTopic(String topic, PeerId peer) {
        Set<PeerId> members = topicPeers.get(topic);
        if (members != null) {
            members.remove(peer);
            if (members.isEmpty()) {
                topicPeers.remove(topic);
            }
        }
        Set<PeerId> meshPeers = mesh.get(topic);
        if (meshPeers != null) {
            meshPeers.remove(peer);
        }
        Set<PeerId> fanoutPeers = fanout.get(topic);
        if (fanoutPeers != null) {
            fanoutPeers.remove(peer);
        }
    }

    private void onMessage(PeerState source, Message message) {
        counters.received.incrementAndGet();
        if (!message.hasTopic() || message.getTopic().isEmpty()) {
            reject(source, "message without topic");
            return;
        }
        StrictSign.Rejection shape = StrictSign.checkFields(message);
        if (shape != null) {
            reject(source, "StrictSign: " + shape);
            return;
        }
        ByteString id = StrictSign.messageId(message);
        if (seen.contains(id)) {
            counters.duplicates.incrementAndGet();
            return;
        }
        String topic = message.getTopic();
        if (!mesh.containsKey(topic)) {
            counters.notSubscribed.incrementAndGet();
            return;
        }
        StrictSign.Rejection signature = StrictSign.check(message, verifier);
        if (signature != null) {
            // Not marked seen: a forged copy must not shadow the genuine message with the same id.
            reject(source, "StrictSign: " + signature);
            return;
        }
        seen.add(id, loop.now());
        mcache.put(id, message);
        if (message.getData().size() >= IDONTWANT_MIN_BYTES) {
            // Announced once the signature holds: a forged copy must not stop peers sending us the real one.
            sendIdontwant(topic, id, source.id, message.getFrom());
        }
        // Delivered, then forwarded whatever the handler made of it: like Teranode (no validators), the
        // application never decides what gossipsub relays.
        deliver(topic, message, source.id);
        forward(topic, message, id, source.id);
    }

    /** gossipsub v1.2: tells the v1.2 mesh peers, but the sender and the author, that we have message {@code id}. */
    private void sendIdontwant(String topic, ByteString id, PeerId source, ByteString author) {
        byte[] frame = null;
        for (PeerId peer : mesh.getOrDefault(topic, Set.of())) {
            PeerState state = peers.get(peer);
            if (state == null || !state.speaksIdontwant() || peer.equals(source)
                    || author.equals(ByteString.copyFrom(peer.toBytes()))) {
                continue;
            }
            if (frame == null) {
                frame = RpcCodec.encode(RPC.newBuilder().setControl(ControlMessage.newBuilder()
                        .addIdontwant(ControlIDontWant.newBuilder().addMessageIDs(id))).build());
            }
            if (sendFrame(state, frame) != null) {
                counters.idontwantSent.incrementAndGet();
            }
        }
    }

    private void reject(PeerState source, String reason) {
        counters.rejected.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, "pubsub message from {0} rejected: {1}", source.id, reason);
        penalties.onPenalty(source.id, PenaltyReason.PROTOCOL_VIOLATION, reason);
    }

    private void deliver(String topic, Message message, PeerId receivedFrom) {
        TopicHandler handler = handlers.get(topic);
        if (handler == null) {
            return;
        }
        counters.delivered.incrementAndGet();
        try {
            PeerId author = receivedFrom.equals(self) ? self : PeerId.fromBytes(message.getFrom().toByteArray());
            handler.onMessage(message.getData().toByteArray(), receivedFrom, author);
        } catch (RuntimeException e) {
            counters.handlerErrors.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "pubsub handler of topic " + topic + " failed", e);
        }
    }

    /** Relays a received message to the topic's mesh and floodsub peers, except the sender and the author. */
    private void forward(String topic, Message message, ByteString id, PeerId source) {
        Set<PeerId> targets = new LinkedHashSet<>(mesh.getOrDefault(topic, Set.of()));
        addFloodsubPeers(topic, targets);
        targets.remove(source);
        byte[] author = message.getFrom().toByteArray();
        targets.removeIf(peer -> Arrays.equals(peer.toBytes(), author));
        sendMessage(targets, message, id);
    }

    private void addFloodsubPeers(String topic, Set<PeerId> targets) {
        for (PeerId peer : topicPeers.getOrDefault(topic, Set.of())) {
            PeerState state = peers.get(peer);
            if (state != null && state.speaksFlood()) {
                targets.add(peer);
            }
        }
    }

    /**
     * Sends one message to each target, encoded once for all of them.
     *
     * @return completes when every copy that was queued has been written (failed writes count as done: the
     *     peer is gone, and gossip is best effort)
     */
    private CompletableFuture<Void> sendMessage(Collection<PeerId> targets, Message message, ByteString id) {
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        byte[] frame = RpcCodec.encode(RPC.newBuilder().addPublish(message).build());
        List<CompletableFuture<Void>> writes = new ArrayList<>(targets.size());
        for (PeerId peer : targets) {
            PeerState state = peers.get(peer);
            if (state != null && state.dontSend.containsKey(id)) {
                counters.idontwantSaved.incrementAndGet();
                continue;
            }
            CompletableFuture<Void> written = state == null ? null : sendFrame(state, frame, id);
            if (written != null) {
                counters.forwarded.incrementAndGet();
                writes.add(written.exceptionally(gone -> null));
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /** Signs, records and sends an own message; completes when it is written to every peer it was sent to. */
    private CompletableFuture<Void> publishOwn(String topic, byte[] data) {
        Message message = StrictSign.sign(signer, topic, data, nextSeqno++);
        if (RPC.newBuilder().addPublish(message).build().getSerializedSize() > config.maxFrameBytes()) {
            throw new IllegalArgumentException("signed pubsub message on " + topic + " exceeds maxFrameBytes "
                    + config.maxFrameBytes());
        }
        counters.published.incrementAndGet();
        ByteString id = StrictSign.messageId(message);
        seen.add(id, loop.now());
        mcache.put(id, message);
        if (mesh.containsKey(topic)) {
            deliver(topic, message, self);
        }
        Set<PeerId> targets = new LinkedHashSet<>();
        if (config.floodPublish()) {
            for (PeerId peer : topicPeers.getOrDefault(topic, Set.of())) {
                PeerState state = peers.get(peer);
                if (state != null && state.link != null) {
                    targets.add(peer);
                }
            }
        } else if (mesh.containsKey(topic)) {
            targets.addAll(mesh.get(topic));
        }
        if (!mesh.containsKey(topic)) {
            // Fanout is kept even with flood publishing: it decides who gets our IHAVE gossip for the topic.
            Set<PeerId> fanoutPeers = fanout.computeIfAbsent(topic, t -> new LinkedHashSet<>());
            if (fanoutPeers.isEmpty()) {
                fanoutPeers.addAll(pick(gossipCandidates(topic, Set.of()), config.d()));
            }
            fanoutLastPublish.put(topic, loop.now());
            targets.addAll(fanoutPeers);
        }
        addFloodsubPeers(topic, targets);
        return sendMessage(targets, message, id);
    }

    private void join(String topic) {
        if (mesh.containsKey(topic)) {
            return;
        }
        Set<PeerId> members = new LinkedHashSet<>();
        Set<PeerId> fanoutPeers = fanout.remove(topic);
        fanoutLastPublish.remove(topic);
        Instant now = loop.now();
        if (fanoutPeers != null) {
            for (PeerId peer : fanoutPeers) {
                if (members.size() < config.d() && !backoff.isBackedOff(topic, peer, now)) {
                    members.add(peer);
                }
            }
        }
        if (members.size() < config.d()) {
            members.addAll(pick(graftCandidates(topic, members, now), config.d() - members.size()));
        }
        mesh.put(topic, members);
        RPC announce = RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(topic))
                .build();
        for (PeerState state : peers.values()) {
            if (state.link != null) {
                send(state, announce);
            }
        }
        for (PeerId peer : members) {
            queueGraft(peer, topic);
        }
        flushControl();
    }

    private void leave(String topic) {
        Set<PeerId> members = mesh.remove(topic);
        if (members == null) {
            return;
        }
        RPC announce = RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(false).setTopicid(topic))
                .build();
        for (PeerState state : peers.values()) {
            if (state.link != null) {
                send(state, announce);
            }
        }
        // go-libp2p-pubsub offers PX on these PRUNEs too: the peers we leave lose a mesh link and may want others.
        for (PeerId peer : members) {
            queuePrune(peer, topic, config.unsubscribeBackoff(), true);
        }
        flushControl();
    }

    // ---------------------------------------------------------------- control messages

    private void onControl(PeerState state, ControlMessage control) {
        List<Message> iwantAnswers = new ArrayList<>();
        for (ControlIWant iwant : control.getIwantList()) {
            for (ByteString id : iwant.getMessageIDsList()) {
                Message message = mcache.getForPeer(id, state.id, config.gossipRetransmission());
                if (message != null) {
                    iwantAnswers.add(message);
                }
            }
        }
        List<ByteString> wanted = new ArrayList<>();
        for (ControlIHave ihave : control.getIhaveList()) {
            collectWanted(state, ihave, wanted);
        }
        List<GraftRefusal> refusals = new ArrayList<>();
        for (ControlGraft graft : control.getGraftList()) {
            GraftRefusal refusal = onGraft(state, graft.getTopicID());
            if (refusal != null) {
                refusals.add(refusal);
            }
        }
        // As go-libp2p-pubsub does, one GRAFT that earns no PX (unknown topic, backoff broken) withholds PX from
        // every PRUNE of the reply: a peer probing topics or ignoring backoff learns none of our peers.
        boolean px = refusals.stream().allMatch(GraftRefusal::px);
        for (GraftRefusal refusal : refusals) {
            queuePrune(state.id, refusal.topic(), refusal.backoff(), px);
        }
        for (ControlPrune prune : control.getPruneList()) {
            onPrune(state, prune);
        }
        for (ControlIDontWant idontwant : control.getIdontwantList()) {
            onIdontwant(state, idontwant);
        }
        if (!wanted.isEmpty()) {
            control(state.id).addIwant(ControlIWant.newBuilder().addAllMessageIDs(wanted));
            counters.iwantSent.incrementAndGet();
        }
        sendInBatches(state, iwantAnswers);
    }

    /**
     * gossipsub v1.2: remembers the ids for a few heartbeats (up to {@link #MAX_IDONTWANT_IDS} a heartbeat; the
     * rest is ignored, as the spec allows) and takes back copies queued for the peer and not yet written.
     */
    private void onIdontwant(PeerState state, ControlIDontWant idontwant) {
        for (ByteString id : idontwant.getMessageIDsList()) {
            if (state.idontwantIdsThisHeartbeat >= MAX_IDONTWANT_IDS) {
                return;
            }
            state.idontwantIdsThisHeartbeat++;
            if (id.size() > MAX_MESSAGE_ID_BYTES) {
                continue;
            }
            state.dontSend.put(id, heartbeats);
            if (state.link != null && state.link.cancel(id)) {
                counters.idontwantSaved.incrementAndGet();
            }
        }
    }

    private void collectWanted(PeerState state, ControlIHave ihave, List<ByteString> wanted) {
        if (!mesh.containsKey(ihave.getTopicID())) {
            return;
        }
        if (++state.ihavesThisHeartbeat > config.maxIHaveMessages()) {
            return;
        }
        for (ByteString id : ihave.getMessageIDsList()) {
            if (state.idsAskedThisHeartbeat >= config.maxIHaveLength()) {
                return;
            }
            if (!seen.contains(id) && askedThisHeartbeat.add(id)) {
                wanted.add(id);
                state.idsAskedThisHeartbeat++;
            }
        }
    }

    /** A GRAFT answered with a PRUNE: its backoff (null: none) and whether the PRUNE may carry PX. */
    private record GraftRefusal(String topic, Duration backoff, boolean px) {
    }

    /** Applies one GRAFT; returns the refusal to answer with, or null when accepted or already meshed. */
    private GraftRefusal onGraft(PeerState state, String topic) {
        Set<PeerId> members = mesh.get(topic);
        if (members == null) {
            // Not joined: refuse without backoff, as the peer did nothing wrong; no PX, so as not to leak our peers.
            return new GraftRefusal(topic, null, false);
        }
        if (members.contains(state.id)) {
            return null;
        }
        Instant now = loop.now();
        if (backoff.isBackedOff(topic, state.id, now)) {
            Instant expiry = backoff.expiry(topic, state.id);
            Instant prunedAt = expiry.minus(config.pruneBackoff());
            if (now.isBefore(prunedAt.plus(GRAFT_FLOOD_THRESHOLD))) {
                penalties.onPenalty(state.id, PenaltyReason.SPAM, "GRAFT on " + topic + " during PRUNE backoff");
            }
            return new GraftRefusal(topic, config.pruneBackoff(), false);
        }
        if (members.size() >= config.dHi()) {
            return new GraftRefusal(topic, config.pruneBackoff(), true);
        }
        members.add(state.id);
        return null;
    }

    private void onPrune(PeerState state, ControlPrune prune) {
        String topic = prune.getTopicID();
        Set<PeerId> members = mesh.get(topic);
        if (members != null) {
            members.remove(state.id);
        }
        // The peer's backoff (seconds) if it sent one, else ours.
        Duration wait = prune.hasBackoff() && prune.getBackoff() > 0
                ? Duration.ofSeconds(Math.min(prune.getBackoff(), Duration.ofDays(1).toSeconds()))
                : config.pruneBackoff();
        backoff.set(topic, state.id, loop.now().plus(wait));
        if (prune.getPeersCount() > 0) {
            acceptPeerExchange(state, topic, prune);
        }
    }

    /**
     * The peers a PRUNE offers, as go-libp2p-pubsub takes them: only for a topic we joined and only with peer
     * exchange on; at most {@link GossipConfig#prunePeers()} of them; the ones we are connected to (or ourselves)
     * skipped; each record verified, a bad entry dropped and counted without punishing the sender (see
     * {@link PxCodec#decode}). The rest goes to the host to dial.
     */
    private void acceptPeerExchange(PeerState from, String topic, ControlPrune prune) {
        if (!config.peerExchange() || !mesh.containsKey(topic)) {
            counters.pxIgnored.addAndGet(prune.getPeersCount());
            return;
        }
        PxCodec.Decoded decoded = PxCodec.decode(prune.getPeersList(), config.prunePeers(), random);
        counters.pxReceived.addAndGet(prune.getPeersCount());
        counters.pxRejected.addAndGet(decoded.rejected() + decoded.overCap());
        for (String reason : decoded.reasons()) {
            LOG.log(System.Logger.Level.DEBUG, "PX entry from {0} dropped: {1}", from.id, reason);
        }
        List<PxCandidate> toDial = new ArrayList<>();
        for (PxCandidate candidate : decoded.candidates()) {
            PeerState known = peers.get(candidate.peer());
            boolean connected = known != null && known.link != null;
            if (!connected && !candidate.peer().equals(self)) {
                toDial.add(candidate);
            }
        }
        if (!toDial.isEmpty()) {
            exchange.connect(from.id, toDial);
        }
    }

    private ControlMessage.Builder control(PeerId peer) {
        return pendingControl.computeIfAbsent(peer, p -> ControlMessage.newBuilder());
    }

    private void queueGraft(PeerId peer, String topic) {
        control(peer).addGraft(ControlGraft.newBuilder().setTopicID(topic));
        counters.graftsSent.incrementAndGet();
    }

    /**
     * Queues a PRUNE; a non-null {@code wait} is announced and recorded as our own backoff for the peer. With
     * {@code px} and peer exchange on, a peer speaking v1.1 or later (the PX fields are v1.1's, as the backoff is)
     * is offered other peers of the topic.
     */
    private void queuePrune(PeerId peer, String topic, Duration wait, boolean px) {
        ControlPrune.Builder prune = ControlPrune.newBuilder().setTopicID(topic);
        if (wait != null) {
            PeerState state = peers.get(peer);
            if (state != null && state.link != null && PubsubProtocols.supportsBackoff(state.link.protocolId())) {
                prune.setBackoff(wait.toSeconds());
                if (px && config.peerExchange()) {
                    addPeerExchange(prune, peer, topic);
                }
            }
            backoff.set(topic, peer, loop.now().plus(wait));
        }
        control(peer).addPrune(prune);
        counters.prunesSent.incrementAndGet();
    }

    /**
     * Up to {@link GossipConfig#prunePeers()} random gossipsub peers of {@code topic} other than the pruned one,
     * mesh or not, as go-libp2p-pubsub picks them (it also leaves out peers of negative score; we keep no score).
     * Each goes with its signed record when we hold a verified one, else by id alone, as go does.
     */
    private void addPeerExchange(ControlPrune.Builder prune, PeerId pruned, String topic) {
        for (PeerId peer : pick(gossipCandidates(topic, Set.of(pruned)), config.prunePeers())) {
            prune.addPeers(PxCodec.encode(peer, exchange.signedRecord(peer)));
            counters.pxOffered.incrementAndGet();
        }
    }

    private void flushControl() {
        for (Map.Entry<PeerId, ControlMessage.Builder> entry : pendingControl.entrySet()) {
            PeerState state = peers.get(entry.getKey());
            if (state != null && state.speaksGossip()) {
                send(state, RPC.newBuilder().setControl(entry.getValue()).build());
            }
        }
        pendingControl.clear();
    }

    /** IWANT answers, packed into RPCs that stay under the frame limit. */
    private void sendInBatches(PeerState state, List<Message> messages) {
        RPC.Builder batch = RPC.newBuilder();
        int size = 0;
        for (Message message : messages) {
            int messageSize = message.getSerializedSize() + 8;
            if (size > 0 && size + messageSize > config.maxFrameBytes()) {
                send(state, batch.build());
                batch = RPC.newBuilder();
                size = 0;
            }
            batch.addPublish(message);
            size += messageSize;
            counters.iwantServed.incrementAndGet();
        }
        if (size > 0) {
            send(state, batch.build());
        }
    }

    /** Hands an RPC to the peer's link unless its queue is full; never blocks. */
    private boolean send(PeerState state, RPC rpc) {
        return sendFrame(state, RpcCodec.encode(rpc)) != null;
    }

    /** Sends an encoded RPC unless the peer's queue is full; null when dropped (counted) or not linked. */
    private CompletableFuture<Void> sendFrame(PeerState state, byte[] frame) {
        return sendFrame(state, frame, null);
    }

    /** {@link #sendFrame(PeerState, byte[])} for an RPC carrying message {@code messageId} (null: control). */
    private CompletableFuture<Void> sendFrame(PeerState state, byte[] frame, ByteString messageId) {
        PubsubPeerLink link = state.link;
        if (link == null) {
            return null;
        }
        if (link.pendingFrames() >= config.maxOutboundQueue()) {
            counters.outboundDropped.incrementAndGet();
            return null;
        }
        return messageId == null ? link.send(frame) : link.sendMessage(frame, messageId);
    }

    // ---------------------------------------------------------------- heartbeat

    private void heartbeatSafely() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep the heartbeat alive.
            LOG.log(System.Logger.Level.ERROR, "pubsub heartbeat failed", e);
        }
    }

    /** One heartbeat (gossipsub-v1.0.md "Heartbeat"): mesh maintenance, fanout maintenance, gossip emission. */
    void heartbeat() {
        Instant now = loop.now();
        heartbeats++;
        for (PeerState state : peers.values()) {
            state.ihavesThisHeartbeat = 0;
            state.idsAskedThisHeartbeat = 0;
            state.idontwantIdsThisHeartbeat = 0;
            state.dontSend.values().removeIf(arrived -> heartbeats - arrived > IDONTWANT_TTL_HEARTBEATS);
        }
        askedThisHeartbeat.clear();
        backoff.expire(now);
        for (Map.Entry<String, Set<PeerId>> entry : mesh.entrySet()) {
            maintainMesh(entry.getKey(), entry.getValue(), now);
        }
        maintainFanout(now);
        for (Map.Entry<String, Set<PeerId>> entry : mesh.entrySet()) {
            emitGossip(entry.getKey(), entry.getValue());
        }
        for (Map.Entry<String, Set<PeerId>> entry : fanout.entrySet()) {
            emitGossip(entry.getKey(), entry.getValue());
        }
        flushControl();
        mcache.shift();
        seen.expire(now);
    }

    private void maintainMesh(String topic, Set<PeerId> members, Instant now) {
        // A peer whose outbound stream is still opening (no link yet) keeps its place: it may GRAFT us first.
        members.removeIf(peer -> {
            PeerState state = peers.get(peer);
            return state == null || !state.topics.contains(topic) || (state.link != null && !state.speaksGossip());
        });
        if (members.size() < config.dLo()) {
            for (PeerId peer : pick(graftCandidates(topic, members, now), config.d() - members.size())) {
                members.add(peer);
                queueGraft(peer, topic);
            }
        } else if (members.size() > config.dHi()) {
            List<PeerId> shuffled = new ArrayList<>(members);
            shuffle(shuffled);
            for (PeerId peer : shuffled.subList(config.d(), shuffled.size())) {
                members.remove(peer);
                queuePrune(peer, topic, config.pruneBackoff(), true);
            }
        }
    }

    private void maintainFanout(Instant now) {
        fanout.entrySet().removeIf(entry -> {
            Instant last = fanoutLastPublish.get(entry.getKey());
            boolean expired = last == null || !last.plus(config.fanoutTtl()).isAfter(now);
            if (expired) {
                fanoutLastPublish.remove(entry.getKey());
            }
            return expired;
        });
        for (Map.Entry<String, Set<PeerId>> entry : fanout.entrySet()) {
            String topic = entry.getKey();
            Set<PeerId> members = entry.getValue();
            members.removeIf(peer -> {
                PeerState state = peers.get(peer);
                return state == null || state.link == null || !state.topics.contains(topic);
            });
            if (members.size() < config.d()) {
                members.addAll(pick(gossipCandidates(topic, members), config.d() - members.size()));
            }
        }
    }

    private void emitGossip(String topic, Set<PeerId> exclude) {
        List<ByteString> ids = mcache.gossipIds(topic);
        if (ids.isEmpty()) {
            return;
        }
        if (ids.size() > config.maxIHaveLength()) {
            shuffle(ids);
            ids = ids.subList(0, config.maxIHaveLength());
        }
        List<PeerId> candidates = gossipCandidates(topic, exclude);
        int count = Math.max(config.dLazy(), (int) (config.gossipFactor() * candidates.size()));
        for (PeerId peer : pick(candidates, count)) {
            control(peer).addIhave(ControlIHave.newBuilder().setTopicID(topic).addAllMessageIDs(ids));
            counters.ihaveSent.incrementAndGet();
        }
    }

    /** Gossipsub peers of {@code topic} with an open link, not in {@code exclude}. */
    private List<PeerId> gossipCandidates(String topic, Set<PeerId> exclude) {
        List<PeerId> out = new ArrayList<>();
        for (PeerId peer : topicPeers.getOrDefault(topic, Set.of())) {
            PeerState state = peers.get(peer);
            if (state != null && state.speaksGossip() && !exclude.contains(peer)) {
                out.add(peer);
            }
        }
        return out;
    }

    /** {@link #gossipCandidates} that are not backed off. */
    private List<PeerId> graftCandidates(String topic, Set<PeerId> exclude, Instant now) {
        List<PeerId> out = gossipCandidates(topic, exclude);
        out.removeIf(peer -> backoff.isBackedOff(topic, peer, now));
        return out;
    }

    private List<PeerId> pick(List<PeerId> candidates, int count) {
        if (count <= 0) {
            return List.of();
        }
        shuffle(candidates);
        return candidates.size() <= count ? candidates : candidates.subList(0, count);
    }

    private <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    private <T> CompletableFuture<T> query(java.util.function.Supplier<T> supplier) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> result.complete(supplier.get()));
        return result;
    }

    private static void requireTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("pubsub topic must be a non-empty string, got '" + topic + "'");
        }
    }
}
