package p2p.node.host;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.multistream.MultistreamSelect;
import p2p.node.transport.UpgradedConnection;
import p2p.node.wire.Futures;

/**
 * The stream protocols the node serves and speaks (spec teranode-p2p.md section 2.1): every stream, ours or the
 * peer's, agrees on its protocol by multistream-select within the handshake timeout; a peer's stream then goes to the
 * handler of the protocol agreed.
 */
final class StreamProtocols {
    /** The host's logger: the node logs under one name, as it did before this part left P2PNode. */
    private static final Logger LOG = Logger.getLogger(P2PNode.class.getName());

    private final Duration negotiationLimit;
    /** Stream protocols served, built-in ones included; read on every inbound stream. */
    private final ConcurrentHashMap<String, BiConsumer<Channel, Connection>> handlers = new ConcurrentHashMap<>();

    /** @param negotiationLimit how long a stream may take to agree on its protocol (the handshake timeout) */
    StreamProtocols(Duration negotiationLimit) {
        this.negotiationLimit = negotiationLimit;
    }

    /** Serves {@code protocolId} with {@code handler}, replacing any earlier handler of that id. */
    void serve(String protocolId, BiConsumer<Channel, Connection> handler) {
        handlers.put(protocolId, handler);
    }

    /** Stops serving {@code protocolId}; returns whether it was served. */
    boolean remove(String protocolId) {
        return handlers.remove(protocolId) != null;
    }

    /** The protocols served, sorted. */
    List<String> protocols() {
        return List.copyOf(new TreeSet<>(handlers.keySet()));
    }

    /** See {@link P2PNode#newStream(PeerId, String, Consumer)}; {@code conn} is open. */
    CompletableFuture<Channel> open(Connection conn, String protocolId, Consumer<Channel> initializer) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        conn.upgraded.muxer().openStream(stream -> {
            ScheduledFuture<?> timeout = scheduleNegotiationTimeout(stream, protocolId);
            MultistreamSelect.initiate(stream, List.of(protocolId)).whenComplete((p, e) -> {
                timeout.cancel(false);
                if (e != null) {
                    result.completeExceptionally(Futures.unwrap(e));
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
                result.completeExceptionally(Futures.unwrap(e));
            }
        });
        return result;
    }

    private ScheduledFuture<?> scheduleNegotiationTimeout(Channel stream, String protocolId) {
        Duration limit = negotiationLimit;
        // The connection's loop: a stream being opened is not registered yet, and streams run on their parent's loop.
        Channel loopOwner = stream.parent() != null ? stream.parent() : stream;
        return loopOwner.eventLoop().schedule(() -> {
            LOG.fine(() -> "stream negotiation of " + protocolId + " took longer than handshakeTimeout=" + limit);
            stream.close();
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Each stream the peer opens: agree on one of our protocols, then hand it to that protocol's handler, if
     * {@code connections} still keeps the connection it came on.
     */
    void inbound(UpgradedConnection upgraded, Channel stream, Function<PeerId, Connection> connections) {
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
            Connection conn = connections.apply(upgraded.remotePeer());
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
}
