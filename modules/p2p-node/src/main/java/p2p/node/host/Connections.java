package p2p.node.host;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.multiaddr.MultiaddrProtocol;
import p2p.node.pnet.PskMismatchException;
import p2p.node.transport.ConnectionUpgrader;
import p2p.node.transport.TcpTransport;
import p2p.node.transport.TrafficCounter;
import p2p.node.transport.TrafficTotals;
import p2p.node.transport.UpgradedConnection;
import p2p.node.wire.Futures;

/**
 * The node's connections, one per peer (spec teranode-p2p.md sections 2.1 and 2.11): dials and accepts them, upgrades
 * them (pnet, Noise, yamux), asks the connection gater about the proven peer, keeps one connection per peer by
 * {@link DuplicateConnectionRule}, and tells the {@link PeerListener}s and identify when one is kept or gone.
 */
final class Connections {
    /** The host's logger: the node logs under one name, as it did before this part left P2PNode. */
    private static final Logger LOG = Logger.getLogger(P2PNode.class.getName());

    private final PeerId self;
    private final ConnectionGater gater;
    private final TcpTransport transport;
    private final ConnectionUpgrader upgrader;
    /** Where the streams a peer opens go (multistream negotiation, then the protocol's handler). */
    private final BiConsumer<UpgradedConnection, Channel> inboundStream;
    private final PeerEvents events;
    private final IdentifyService identify;
    /** The connection kept per peer (see {@link DuplicateConnectionRule}); updated atomically with compute. */
    private final ConcurrentHashMap<PeerId, Connection> connections = new ConcurrentHashMap<>();
    /** Dials {@code /p2p-circuit} addresses once a relay client installed itself (2026 profile); null: none. */
    private volatile Function<Multiaddr, CompletableFuture<PeerInfo>> circuitDialer;
    /** Bytes of relayed connections: counted apart, as the relay connection under them counts them on the wire. */
    private final TrafficTotals relayedTraffic = new TrafficTotals();

    Connections(PeerId self, ConnectionGater gater, TcpTransport transport, ConnectionUpgrader upgrader,
                StreamProtocols streams, PeerEvents events, IdentifyService identify) {
        this.self = self;
        this.gater = gater;
        this.transport = transport;
        this.upgrader = upgrader;
        this.inboundStream = (upgraded, stream) -> streams.inbound(upgraded, stream, connections::get);
        this.events = events;
        this.identify = identify;
    }

    /** The connection kept for {@code peer}, open or closing, or null. */
    Connection get(PeerId peer) {
        return connections.get(peer);
    }

    Collection<Connection> all() {
        return connections.values();
    }

    List<PeerInfo> peers() {
        return connections.values().stream().filter(Connection::isOpen).map(Connection::snapshot).toList();
    }

    Optional<PeerInfo> peer(PeerId peer) {
        return Optional.ofNullable(connections.get(peer)).filter(Connection::isOpen).map(Connection::snapshot);
    }

    void setCircuitDialer(Function<Multiaddr, CompletableFuture<PeerInfo>> dialer) {
        this.circuitDialer = dialer;
    }

    /** See {@link P2PNode#connect}. */
    CompletableFuture<PeerInfo> connect(Multiaddr address) {
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
        transport.dial(remote, (channel, direction) -> upgrader.upgrade(channel, direction, expected, inboundStream)
                        .whenComplete((upgraded, e) -> {
                            if (e != null) {
                                result.completeExceptionally(Futures.unwrap(e));
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
                        result.completeExceptionally(Futures.unwrap(e));
                    }
                });
        return result;
    }

    /** A TCP connection a peer opened to us: upgrade it and keep it. */
    void accept(Channel channel, Direction direction) {
        upgrader.upgrade(channel, direction, Optional.empty(), inboundStream).whenComplete((upgraded, e) -> {
            if (e != null && Futures.unwrap(e) instanceof PskMismatchException mismatch) {
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

    /** See {@link P2PNode#upgradeRelayed}. */
    CompletableFuture<PeerInfo> upgradeRelayed(Channel stream, Direction direction, Optional<PeerId> expected,
                                               Multiaddr remoteAddress) {
        stream.pipeline().addLast(TcpTransport.TRAFFIC_HANDLER, new TrafficCounter(relayedTraffic));
        return upgrader.upgrade(stream, direction, expected, inboundStream)
                .thenApply(upgraded -> register(upgraded, remoteAddress).snapshot());
    }

    /** Closes the connection to {@code peer}, if any. */
    CompletableFuture<Void> disconnect(PeerId peer) {
        Connection conn = connections.get(peer);
        if (conn == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        conn.upgraded.muxer().close().addListener(f -> conn.upgraded.channel().close()
                .addListener(c -> done.complete(null)));
        return done;
    }

    /** Keeps one connection per peer; returns the one kept. Runs on the new connection's event loop. */
    private Connection register(UpgradedConnection upgraded) {
        return register(upgraded, Multiaddr.tcp((InetSocketAddress) upgraded.channel().remoteAddress()));
    }

    private Connection register(UpgradedConnection upgraded, Multiaddr remoteAddress) {
        Connection added = new Connection(upgraded, remoteAddress);
        PeerId peer = added.peer();
        if (!gater.allowPeer(peer, (InetSocketAddress) upgraded.channel().remoteAddress())) {
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
                    identify.forget(peer);
                    events.disconnected(added.snapshot());
                }
            });
            if (first[0]) {
                events.connected(added.snapshot());
            }
            identify.request(added);
        }
        return kept;
    }
}
