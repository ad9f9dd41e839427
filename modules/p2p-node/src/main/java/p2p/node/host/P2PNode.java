package p2p.node.host;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.identify.IdentifyException;
import p2p.node.identify.IdentifyInfo;
import p2p.node.identify.IdentifyStreams;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.multiaddr.MultiaddrProtocol;
import p2p.node.multistream.MultistreamSelect;
import p2p.node.ping.PingProtocol;
import p2p.node.pnet.PskMismatchException;
import p2p.node.record.EnvelopeCodec;
import p2p.node.record.PeerRecord;
import p2p.node.record.RecordException;
import p2p.node.transport.ConnectionUpgrader;
import p2p.node.host.Direction;
import p2p.node.transport.TcpTransport;
import p2p.node.transport.TrafficCounter;
import p2p.node.transport.TrafficTotals;
import p2p.node.host.TransportStats;
import p2p.node.transport.UpgradedConnection;

/**
 * The libp2p host of the P2P server: listens and dials TCP, upgrades each connection (pnet, Noise, yamux), keeps one
 * connection per peer, runs identify on every new connection (and pushes when our protocols change), answers ping,
 * and routes streams to {@link StreamHandler}s by multistream-select.
 *
 * <p>Threads: connections and streams live on Netty event loops; futures returned here complete on them, and
 * listeners and stream handlers are called on them, so none of those may block. Public methods may be called from
 * any thread.
 */
public final class P2PNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(P2PNode.class.getName());

    private final NodeConfig config;
    private final PeerId self;
    private final ConnectionUpgrader upgrader;
    private final TcpTransport transport;
    /** The connection kept per peer (see {@link DuplicateConnectionRule}); updated atomically with compute. */
    private final ConcurrentHashMap<PeerId, Connection> connections = new ConcurrentHashMap<>();
    /** Stream protocols served, built-in ones included; read on every inbound stream. */
    private final ConcurrentHashMap<String, BiConsumer<Channel, Connection>> handlers = new ConcurrentHashMap<>();
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    /** Verified signed peer records from identify, newest per peer; concurrent (written on event loops). */
    private final ConcurrentHashMap<PeerId, HeldRecord> peerRecords = new ConcurrentHashMap<>();
    /** Our own record and its sealed envelope, guarded by this. */
    private PeerRecord ownRecord;
    private byte[] ownRecordBytes;
    /** Services to close when the node stops ({@link #closeOnStop}). */
    private final List<AutoCloseable> services = new CopyOnWriteArrayList<>();
    /** Dials {@code /p2p-circuit} addresses once a relay client installed itself (2026 profile); null: none. */
    private volatile Function<Multiaddr, CompletableFuture<PeerInfo>> circuitDialer;
    /** Our {@code <relay>/p2p-circuit} addresses from relay reservations, advertised after the direct ones. */
    private volatile List<Multiaddr> circuitAddresses = List.of();
    /** Bytes of relayed connections: counted apart, as the relay connection under them counts them on the wire. */
    private final TrafficTotals relayedTraffic = new TrafficTotals();

    public P2PNode(NodeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.self = PeerId.fromPublicKey(config.identityKey().publicKey());
        this.upgrader = new ConnectionUpgrader(config.identityKey(), config.psk(), config.muxer().yamux(),
                config.limits().handshakeTimeout());
        this.transport = new TcpTransport(config.limits(), config.gater(), this::inboundConnection, config.ioThreads());
        handlers.put(IdentifyStreams.PROTOCOL_ID, (stream, conn) -> IdentifyStreams.write(stream, identifyFor(conn)));
        handlers.put(IdentifyStreams.PUSH_PROTOCOL_ID, (stream, conn) -> IdentifyStreams.read(stream)
                .whenComplete((info, e) -> onIdentify(conn, info, e, true)));
        handlers.put(PingProtocol.PROTOCOL_ID, (stream, conn) -> PingProtocol.respond(stream));
    }

    public PeerId peerId() {
        return self;
    }

    public NodeConfig config() {
        return config;
    }

    /** Whether {@link #start} ran (services such as gossipsub need a started node). */
    public boolean isStarted() {
        return started;
    }

    /** Binds every configured listen address; completes once all are bound, failing if any cannot be. */
    public synchronized CompletableFuture<Void> start() {
        if (started) {
            throw new IllegalStateException("node already started");
        }
        started = true;
        List<CompletableFuture<InetSocketAddress>> binds = new ArrayList<>();
        for (Multiaddr addr : config.listenAddresses()) {
            binds.add(transport.listen(addr.toInetSocketAddress()).exceptionallyCompose(e -> CompletableFuture
                    .failedFuture(new IllegalStateException("cannot listen on " + addr + " (p2p_listen_addresses/p2p_port): "
                            + e.getMessage(), e))));
        }
        return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new));
    }

    /** Closes the services attached with {@link #closeOnStop} (last first), then every connection and listener. */
    public void stop() {
        List<AutoCloseable> running = new ArrayList<>(services);
        services.clear();
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "a service of the node failed to stop", e);
            }
        }
        transport.close();
    }

    // ---------------------------------------------------------------- services started on this node

    /**
     * Closes {@code service} (gossipsub, say) when this node stops, before its connections close, services in the
     * reverse order they were attached. The host knows nothing else of them.
     */
    public void closeOnStop(AutoCloseable service) {
        services.add(Objects.requireNonNull(service, "service"));
    }

    // ---------------------------------------------------------------- traffic

    /** Bytes sent on the wire by every connection since start, closed ones included. */
    public long bytesSent() {
        return transport.traffic().bytesOut();
    }

    /** Bytes received on the wire by every connection since start, closed ones included. */
    public long bytesReceived() {
        return transport.traffic().bytesIn();
    }

    /** When any connection last wrote bytes. */
    public Optional<Instant> lastSend() {
        return Optional.ofNullable(transport.traffic().lastSend());
    }

    /** When any connection last received bytes. */
    public Optional<Instant> lastReceive() {
        return Optional.ofNullable(transport.traffic().lastReceive());
    }

    @Override
    public void close() {
        stop();
    }

    /** The addresses actually bound (the real port when 0 was asked). */
    public List<Multiaddr> listenAddresses() {
        return transport.boundAddresses().stream().map(Multiaddr::tcp).toList();
    }

    /**
     * What identify announces: the advertise addresses when configured, otherwise the listen addresses with a
     * wildcard host replaced by this machine's interface addresses of the same family.
     */
    public List<Multiaddr> advertisedAddresses() {
        List<Multiaddr> relayed = circuitAddresses;
        if (!config.advertiseAddresses().isEmpty()) {
            return relayed.isEmpty() ? config.advertiseAddresses() : concat(config.advertiseAddresses(), relayed);
        }
        List<Multiaddr> out = new ArrayList<>();
        for (InetSocketAddress bound : transport.boundAddresses()) {
            if (bound.getAddress().isAnyLocalAddress()) {
                for (InetAddress ip : interfaceAddresses(bound.getAddress() instanceof Inet6Address)) {
                    out.add(Multiaddr.tcp(new InetSocketAddress(ip, bound.getPort())));
                }
            } else {
                out.add(Multiaddr.tcp(bound));
            }
        }
        out.addAll(relayed);
        return out;
    }

    private static List<Multiaddr> concat(List<Multiaddr> a, List<Multiaddr> b) {
        List<Multiaddr> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    // ---- circuit relay hooks (p2p.node.relay installs them; the host knows no relay protocol) ----

    /** Routes dials of {@code /p2p-circuit} addresses to {@code dialer} (the relay client), or to none with null. */
    public void setCircuitDialer(Function<Multiaddr, CompletableFuture<PeerInfo>> dialer) {
        this.circuitDialer = dialer;
    }

    /**
     * Sets our relay addresses ({@code <relay addr>/p2p/<relay>/p2p-circuit}), advertised in identify and our signed
     * peer record after the direct ones; connected peers hear of a change by identify push.
     */
    public void setCircuitAddresses(List<Multiaddr> addresses) {
        List<Multiaddr> copy = List.copyOf(addresses);
        if (!copy.equals(circuitAddresses)) {
            circuitAddresses = copy;
            pushIdentify();
        }
    }

    /**
     * Runs the connection upgrade (multistream, Noise, yamux; the PSK too if one is set) over a relayed stream and
     * keeps the result as a connection of this host, with the gater's peer check and the one-connection-per-peer rule
     * as for a direct one. Call on the stream's event loop, with the relay handshake's handlers gone or leaving, so
     * the bytes that follow reach the upgrade.
     *
     * @param stream        the /hop or /stop stream, now a raw byte pipe to the remote peer
     * @param direction     OUTBOUND when we sent the CONNECT (we are the Noise initiator)
     * @param expected      the peer we dialled (the handshake must prove it), or empty for an inbound one
     * @param remoteAddress the circuit address the peer is reached at, as {@link PeerInfo#remoteAddress()} shows it
     */
    public CompletableFuture<PeerInfo> upgradeRelayed(Channel stream, Direction direction, Optional<PeerId> expected,
                                                      Multiaddr remoteAddress) {
        stream.pipeline().addLast(TcpTransport.TRAFFIC_HANDLER, new TrafficCounter(relayedTraffic));
        return upgrader.upgrade(stream, direction, expected, this::inboundStream)
                .thenApply(upgraded -> register(upgraded, remoteAddress).snapshot());
    }

    private static List<InetAddress> interfaceAddresses(boolean ipv6) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress ip : Collections.list(nif.getInetAddresses())) {
                    if ((ipv6 ? ip instanceof Inet6Address : ip instanceof Inet4Address) && !ip.isLinkLocalAddress()) {
                        out.add(ip);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.WARNING, "cannot list network interfaces for the advertised addresses", e);
        }
        return out;
    }

    public TransportStats transportStats() {
        return transport.stats();
    }

    public void addListener(PeerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(PeerListener listener) {
        listeners.remove(listener);
    }

    // ---- connections ----

    /**
     * Connects to {@code address} ({@code /ip4/.../tcp/.../p2p/<id>}; the {@code /p2p/} part is optional but, when
     * present, the peer must prove that id in the Noise handshake). Completes with the peer once the connection is
     * upgraded; with the existing connection when the peer is already connected.
     */
    public CompletableFuture<PeerInfo> connect(Multiaddr address) {
        Optional<PeerId> expected;
        try {
            expected = address.peerIdBytes().map(PeerId::fromBytes);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("bad /p2p/ peer id in " + address, e));
        }
        if (expected.isPresent() && expected.get().equals(self)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("refusing to dial self: " + address));
        }
        if (expected.isPresent()) {
            Connection existing = connections.get(expected.get());
            if (existing != null && existing.isOpen()) {
                return CompletableFuture.completedFuture(existing.snapshot());
            }
        }
        if (address.components().stream().anyMatch(c -> c.protocol() == MultiaddrProtocol.P2P_CIRCUIT)) {
            Function<Multiaddr, CompletableFuture<PeerInfo>> dialer = circuitDialer;
            return dialer != null ? dialer.apply(address) : CompletableFuture.failedFuture(new IllegalArgumentException(
                    "cannot dial the relayed address " + address + ": circuit relay runs on the teranode-2026 profile"
                            + " only (p2p_protocol)"));
        }
        InetSocketAddress remote;
        try {
            remote = address.withoutPeerId().toInetSocketAddress();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a dialable TCP address: " + address, e));
        }
        CompletableFuture<PeerInfo> result = new CompletableFuture<>();
        transport.dial(remote, (channel, direction) -> upgrader.upgrade(channel, direction, expected, this::inboundStream)
                        .whenComplete((upgraded, e) -> {
                            if (e != null) {
                                result.completeExceptionally(unwrap(e));
                                return;
                            }
                            try {
                                result.complete(register(upgraded).snapshot());
                            } catch (PeerRefusedException refused) {
                                result.completeExceptionally(refused);
                            }
                        }))
                .whenComplete((ch, e) -> {
                    if (e != null) {
                        result.completeExceptionally(unwrap(e));
                    }
                });
        return result;
    }

    private void inboundConnection(Channel channel, Direction direction) {
        upgrader.upgrade(channel, direction, Optional.empty(), this::inboundStream).whenComplete((upgraded, e) -> {
            if (e != null && unwrap(e) instanceof PskMismatchException mismatch) {
                // A misconfigured node of our network is worth an operator's attention; other failures are noise.
                LOG.info(() -> "refused " + mismatch.getMessage());
            } else if (e != null) {
                LOG.fine(() -> "inbound connection from " + channel.remoteAddress() + " failed its upgrade: " + e);
            } else {
                try {
                    register(upgraded);
                } catch (PeerRefusedException refused) {
                    LOG.fine(refused::getMessage);
                }
            }
        });
    }

    /** Keeps one connection per peer; returns the one kept. Runs on the new connection's event loop. */
    private Connection register(UpgradedConnection upgraded) {
        return register(upgraded, Multiaddr.tcp((InetSocketAddress) upgraded.channel().remoteAddress()));
    }

    private Connection register(UpgradedConnection upgraded, Multiaddr remoteAddress) {
        Connection added = new Connection(upgraded, remoteAddress);
        PeerId peer = added.peer();
        if (!config.gater().allowPeer(peer, (InetSocketAddress) upgraded.channel().remoteAddress())) {
            LOG.fine(() -> "connection to " + peer + " refused by the connection gater");
            upgraded.channel().close();
            throw new PeerRefusedException(peer);
        }
        Connection[] dropped = {null};
        boolean[] first = {false};
        Connection kept = connections.compute(peer, (k, existing) -> {
            if (existing == null || !existing.isOpen()) {
                first[0] = true;
                return added;
            }
            if (DuplicateConnectionRule.keepNew(existing.upgraded.direction(), upgraded.direction(), self, peer)) {
                dropped[0] = existing;
                return added;
            }
            dropped[0] = added;
            return existing;
        });
        if (dropped[0] != null) {
            LOG.fine(() -> "duplicate connection to " + peer + ": closing the " + dropped[0].upgraded.direction()
                    .name().toLowerCase() + " one");
            dropped[0].upgraded.muxer().close();
        }
        if (kept == added) {
            upgraded.channel().closeFuture().addListener(f -> {
                if (connections.remove(peer, added)) {
                    peerRecords.remove(peer);
                    PeerInfo info = added.snapshot();
                    listeners.forEach(l -> notify(() -> l.disconnected(info)));
                }
            });
            if (first[0]) {
                PeerInfo info = added.snapshot();
                listeners.forEach(l -> notify(() -> l.connected(info)));
            }
            requestIdentify(added);
        }
        return kept;
    }

    /** Closes the connection to {@code peer}, if any. */
    public CompletableFuture<Void> disconnect(PeerId peer) {
        Connection conn = connections.get(peer);
        if (conn == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        conn.upgraded.muxer().close().addListener(f -> conn.upgraded.channel().close()
                .addListener(c -> done.complete(null)));
        return done;
    }

    public List<PeerInfo> peers() {
        return connections.values().stream().filter(Connection::isOpen).map(Connection::snapshot).toList();
    }

    public Optional<PeerInfo> peer(PeerId peer) {
        return Optional.ofNullable(connections.get(peer)).filter(Connection::isOpen).map(Connection::snapshot);
    }

    public boolean isConnected(PeerId peer) {
        return peer(peer).isPresent();
    }

    /** Completes with the peer's identify message once it has arrived on the current connection. */
    public CompletableFuture<IdentifyInfo> identify(PeerId peer) {
        Connection conn = connections.get(peer);
        return conn == null ? CompletableFuture.failedFuture(new PeerNotConnectedException(peer)) : conn.identified;
    }

    // ---- streams ----

    /**
     * Serves {@code protocolId} with {@code handler} on streams the peers open; replaces any earlier handler of that
     * id. Connected peers are told by identify push.
     */
    public void setStreamHandler(String protocolId, StreamHandler handler) {
        Objects.requireNonNull(handler, "handler");
        handlers.put(protocolId, (stream, conn) -> handler.onStream(stream, conn.peer()));
        pushIdentify();
    }

    public void removeStreamHandler(String protocolId) {
        if (handlers.remove(protocolId) != null) {
            pushIdentify();
        }
    }

    /** The stream protocols this node serves, sorted. */
    public List<String> protocols() {
        return List.copyOf(new TreeSet<>(handlers.keySet()));
    }

    /**
     * Opens a stream to {@code peer} and agrees on {@code protocolId}. {@code initializer} runs on the stream's event
     * loop as soon as the protocol is agreed and must add the stream's handlers there: bytes the peer sends right after
     * the negotiation go to them. Fails with {@link PeerNotConnectedException}, or the multistream error when the peer
     * does not serve the protocol (the stream is then closed).
     */
    public CompletableFuture<Channel> newStream(PeerId peer, String protocolId, Consumer<Channel> initializer) {
        Connection conn = connections.get(peer);
        if (conn == null || !conn.isOpen()) {
            return CompletableFuture.failedFuture(new PeerNotConnectedException(peer));
        }
        CompletableFuture<Channel> result = new CompletableFuture<>();
        conn.upgraded.muxer().openStream(stream -> {
            ScheduledFuture<?> timeout = scheduleNegotiationTimeout(stream, protocolId);
            MultistreamSelect.initiate(stream, List.of(protocolId)).whenComplete((p, e) -> {
                timeout.cancel(false);
                if (e != null) {
                    result.completeExceptionally(unwrap(e));
                    stream.close();
                    return;
                }
                try {
                    initializer.accept(stream);
                    result.complete(stream);
                } catch (RuntimeException failure) {
                    result.completeExceptionally(failure);
                    stream.close();
                }
            });
        }).whenComplete((stream, e) -> {
            if (e != null) {
                result.completeExceptionally(unwrap(e));
            }
        });
        return result;
    }

    /**
     * Opens a stream for a protocol where we speak first; the caller adds its handlers when the future completes.
     * For protocols where the peer may write first use {@link #newStream(PeerId, String, Consumer)}.
     */
    public CompletableFuture<Channel> newStream(PeerId peer, String protocolId) {
        return newStream(peer, protocolId, stream -> { });
    }

    /** Pings {@code peer} over {@code /ipfs/ping/1.0.0} and completes with the round-trip time. */
    public CompletableFuture<Duration> ping(PeerId peer) {
        CompletableFuture<Duration> rtt = new CompletableFuture<>();
        newStream(peer, PingProtocol.PROTOCOL_ID, stream -> PingProtocol.ping(stream).whenComplete((d, e) -> {
            if (e != null) {
                rtt.completeExceptionally(e);
            } else {
                rtt.complete(d);
            }
        })).whenComplete((s, e) -> {
            if (e != null) {
                rtt.completeExceptionally(e);
            }
        });
        return rtt;
    }

    private ScheduledFuture<?> scheduleNegotiationTimeout(Channel stream, String protocolId) {
        Duration limit = config.limits().handshakeTimeout();
        // The connection's loop: a stream being opened is not registered yet, and streams run on their parent's loop.
        Channel loopOwner = stream.parent() != null ? stream.parent() : stream;
        return loopOwner.eventLoop().schedule(() -> {
            LOG.fine(() -> "stream negotiation of " + protocolId + " took longer than handshakeTimeout=" + limit);
            stream.close();
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Each stream the peer opens: agree on one of our protocols, then hand it to that protocol's handler. */
    private void inboundStream(UpgradedConnection upgraded, Channel stream) {
        Set<String> offered = Set.copyOf(handlers.keySet());
        ScheduledFuture<?> timeout = scheduleNegotiationTimeout(stream, "an inbound stream");
        MultistreamSelect.respond(stream, offered).whenComplete((protocol, e) -> {
            timeout.cancel(false);
            if (e != null) {
                LOG.fine(() -> "inbound stream from " + upgraded.remotePeer() + " not negotiated: " + e);
                stream.close();
                return;
            }
            BiConsumer<Channel, Connection> handler = handlers.get(protocol);
            Connection conn = connections.get(upgraded.remotePeer());
            if (handler == null || conn == null || conn.upgraded != upgraded) {
                // Handler removed while negotiating, or the stream arrived on a duplicate connection being closed.
                stream.close();
                return;
            }
            try {
                handler.accept(stream, conn);
            } catch (RuntimeException failure) {
                LOG.log(Level.WARNING, "handler of " + protocol + " failed for peer " + conn.peer(), failure);
                stream.close();
            }
        });
    }

    // ---- identify ----

    private IdentifyInfo identifyFor(Connection conn) {
        List<Multiaddr> addresses = advertisedAddresses();
        Optional<byte[]> record = config.signedPeerRecords() ? Optional.of(ownRecord(addresses)) : Optional.empty();
        return new IdentifyInfo(config.protocolVersion(), config.agentVersion(),
                Optional.of(config.identityKey().publicKey()), addresses,
                Optional.of(conn.remoteAddress), protocols(), record);
    }

    /**
     * Our signed peer record for {@code addresses}, sealed again only when they change. The sequence number is the
     * wall clock in nanoseconds as go-libp2p makes it, so a record made after a restart still supersedes older ones.
     */
    private synchronized byte[] ownRecord(List<Multiaddr> addresses) {
        if (ownRecord == null || !ownRecord.addresses().equals(addresses)) {
            long now = Math.multiplyExact(System.currentTimeMillis(), 1_000_000L);
            long seq = ownRecord == null ? now : Math.max(now, ownRecord.seq() + 1);
            ownRecord = new PeerRecord(self, seq, addresses);
            ownRecordBytes = EnvelopeCodec.encode(ownRecord.seal(config.identityKey()));
        }
        return ownRecordBytes;
    }

    /** A verified record and the envelope it came in: gossipsub peer exchange passes the envelope on as signed. */
    private record HeldRecord(PeerRecord record, byte[] envelope) {
    }

    /** The newest verified signed peer record {@code peer} sent us in identify, if any. */
    public Optional<PeerRecord> peerRecord(PeerId peer) {
        return Optional.ofNullable(peerRecords.get(peer)).map(HeldRecord::record);
    }

    /** The sealed envelope of {@link #peerRecord}, byte for byte as the peer signed it (a copy). */
    public Optional<byte[]> signedPeerRecord(PeerId peer) {
        return Optional.ofNullable(peerRecords.get(peer)).map(held -> held.envelope().clone());
    }

    /**
     * Keeps a peer's signed record when it verifies and is newer than the one held. A bad record is not worth the
     * connection (go-libp2p also just ignores it), but it is logged with the peer so an operator can see it.
     */
    private void acceptRecord(PeerId peer, byte[] envelope) {
        try {
            PeerRecord record = PeerRecord.open(envelope);
            if (!record.peer().equals(peer)) {
                throw new RecordException("identify from " + peer + " carried the peer record of " + record.peer());
            }
            peerRecords.merge(peer, new HeldRecord(record, envelope.clone()),
                    (old, neu) -> neu.record().seq() > old.record().seq() ? neu : old);
        } catch (RecordException e) {
            LOG.info(() -> "ignoring the signed peer record of " + peer + ": " + e.getMessage());
        }
    }

    private void requestIdentify(Connection conn) {
        newStream(conn.peer(), IdentifyStreams.PROTOCOL_ID, stream -> IdentifyStreams.read(stream)
                .whenComplete((info, e) -> onIdentify(conn, info, e, false)))
                .whenComplete((s, e) -> {
                    if (e != null) {
                        onIdentify(conn, null, e, false);
                    }
                });
    }

    private void onIdentify(Connection conn, IdentifyInfo info, Throwable error, boolean push) {
        if (error != null) {
            LOG.fine(() -> "identify " + (push ? "push " : "") + "from " + conn.peer() + " failed: " + error);
            if (!push) {
                conn.identified.completeExceptionally(unwrap(error));
            }
            return;
        }
        if (info.publicKey().isPresent() && !conn.peer().matches(info.publicKey().get())) {
            LOG.warning(() -> "peer " + conn.peer() + " sent an identify key of another peer; disconnecting");
            conn.identified.completeExceptionally(new IdentifyException("identify publicKey does not match peer "
                    + conn.peer()));
            conn.upgraded.channel().close();
            return;
        }
        info.signedPeerRecord().ifPresent(record -> acceptRecord(conn.peer(), record));
        conn.applyIdentify(info, push);
        PeerInfo snapshot = conn.snapshot();
        listeners.forEach(l -> notify(() -> l.identified(snapshot)));
    }

    /** Sends our current identify message to every connected peer ({@code /ipfs/id/push/1.0.0}). */
    private void pushIdentify() {
        for (Map.Entry<PeerId, Connection> e : connections.entrySet()) {
            Connection conn = e.getValue();
            if (!conn.isOpen()) {
                continue;
            }
            newStream(conn.peer(), IdentifyStreams.PUSH_PROTOCOL_ID, stream -> IdentifyStreams.write(stream,
                    identifyFor(conn)))
                    .whenComplete((s, err) -> {
                        if (err != null) {
                            LOG.fine(() -> "identify push to " + conn.peer() + " failed: " + err);
                        }
                    });
        }
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "peer listener failed", e);
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
