package p2p.node.host;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.identify.IdentifyStreams;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.ping.PingProtocol;
import p2p.node.transport.ConnectionUpgrader;
import p2p.node.transport.TcpTransport;

/**
 * The libp2p host of the P2P server (spec teranode-p2p.md section 2): listens and dials TCP, upgrades each connection
 * (pnet, Noise, yamux), keeps one connection per peer, runs identify on every new connection (and pushes when our
 * protocols change), answers ping, and routes streams to {@link StreamHandler}s by multistream-select.
 *
 * <p>This class is the facade: the connection registry ({@link Connections}), the addresses we listen on and advertise
 * ({@link ListenAddresses}) and identify ({@link IdentifyService}) are its package-private parts.
 *
 * <p>Threads: connections and streams live on Netty event loops; futures returned here complete on them, and
 * listeners and stream handlers are called on them, so none of those may block. Public methods may be called from
 * any thread.
 */
public final class P2PNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(P2PNode.class.getName());

    private final NodeConfig config;
    private final PeerId self;
    private final TcpTransport transport;
    private final PeerEvents events = new PeerEvents();
    private final ListenAddresses addresses;
    private final IdentifyService identify;
    private final Connections connections;
    private final StreamProtocols streams;
    private volatile boolean started;
    /** Services to close when the node stops ({@link #closeOnStop}). */
    private final List<AutoCloseable> services = new CopyOnWriteArrayList<>();

    public P2PNode(NodeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.self = PeerId.fromPublicKey(config.identityKey().publicKey());
        ConnectionUpgrader upgrader = new ConnectionUpgrader(config.identityKey(), config.psk(), config.muxer().yamux(),
                config.limits().handshakeTimeout());
        this.transport = new TcpTransport(config.limits(), config.gater(), this::inboundConnection, config.ioThreads());
        this.streams = new StreamProtocols(config.limits().handshakeTimeout());
        this.addresses = new ListenAddresses(config.advertiseAddresses(), transport);
        this.identify = new IdentifyService(config, self, addresses, streams::protocols, this::newStream, events);
        this.connections = new Connections(self, config.gater(), transport, upgrader, streams, events, identify);
        streams.serve(IdentifyStreams.PROTOCOL_ID, identify::respond);
        streams.serve(IdentifyStreams.PUSH_PROTOCOL_ID, identify::receivePush);
        streams.serve(PingProtocol.PROTOCOL_ID, (stream, conn) -> PingProtocol.respond(stream));
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
        return addresses.bound();
    }

    /**
     * What identify announces: the advertise addresses when configured, otherwise the listen addresses with a
     * wildcard host replaced by this machine's interface addresses of the same family.
     */
    public List<Multiaddr> advertisedAddresses() {
        return addresses.advertised();
    }

    // ---- circuit relay hooks (p2p.node.relay installs them; the host knows no relay protocol) ----

    /** Routes dials of {@code /p2p-circuit} addresses to {@code dialer} (the relay client), or to none with null. */
    public void setCircuitDialer(Function<Multiaddr, CompletableFuture<PeerInfo>> dialer) {
        connections.setCircuitDialer(dialer);
    }

    /**
     * Sets our relay addresses ({@code <relay addr>/p2p/<relay>/p2p-circuit}), advertised in identify and our signed
     * peer record after the direct ones; connected peers hear of a change by identify push.
     */
    public void setCircuitAddresses(List<Multiaddr> circuitAddresses) {
        if (addresses.setCircuitAddresses(circuitAddresses)) {
            identify.push(connections.all());
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
        return connections.upgradeRelayed(stream, direction, expected, remoteAddress);
    }

    public TransportStats transportStats() {
        return transport.stats();
    }

    public void addListener(PeerListener listener) {
        events.add(listener);
    }

    public void removeListener(PeerListener listener) {
        events.remove(listener);
    }

    // ---- connections ----

    /**
     * Connects to {@code address} ({@code /ip4/.../tcp/.../p2p/<id>}; the {@code /p2p/} part is optional but, when
     * present, the peer must prove that id in the Noise handshake). Completes with the peer once the connection is
     * upgraded; with the existing connection when the peer is already connected.
     */
    public CompletableFuture<PeerInfo> connect(Multiaddr address) {
        return connections.connect(address);
    }

    private void inboundConnection(Channel channel, Direction direction) {
        connections.accept(channel, direction);
    }

    /** Closes the connection to {@code peer}, if any. */
    public CompletableFuture<Void> disconnect(PeerId peer) {
        return connections.disconnect(peer);
    }

    public List<PeerInfo> peers() {
        return connections.peers();
    }

    public Optional<PeerInfo> peer(PeerId peer) {
        return connections.peer(peer);
    }

    public boolean isConnected(PeerId peer) {
        return peer(peer).isPresent();
    }

    /** Completes with the peer's identify message once it has arrived on the current connection. */
    public CompletableFuture<IdentifyInfo> identify(PeerId peer) {
        Connection conn = connections.get(peer);
        return conn == null ? CompletableFuture.failedFuture(new PeerNotConnectedException(peer)) : conn.identified;
    }

    /** The newest verified signed peer record {@code peer} sent us in identify, if any. */
    public Optional<PeerRecord> peerRecord(PeerId peer) {
        return identify.peerRecord(peer);
    }

    /** The sealed envelope of {@link #peerRecord}, byte for byte as the peer signed it (a copy). */
    public Optional<byte[]> signedPeerRecord(PeerId peer) {
        return identify.signedPeerRecord(peer);
    }

    // ---- streams ----

    /**
     * Serves {@code protocolId} with {@code handler} on streams the peers open; replaces any earlier handler of that
     * id. Connected peers are told by identify push.
     */
    public void setStreamHandler(String protocolId, StreamHandler handler) {
        Objects.requireNonNull(handler, "handler");
        streams.serve(protocolId, (stream, conn) -> handler.onStream(stream, conn.peer()));
        identify.push(connections.all());
    }

    public void removeStreamHandler(String protocolId) {
        if (streams.remove(protocolId)) {
            identify.push(connections.all());
        }
    }

    /** The stream protocols this node serves, sorted. */
    public List<String> protocols() {
        return streams.protocols();
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
        return streams.open(conn, protocolId, initializer);
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
}
