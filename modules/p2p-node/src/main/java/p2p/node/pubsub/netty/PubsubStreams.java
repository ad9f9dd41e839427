package p2p.node.pubsub.netty;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import p2p.node.crypto.PeerId;
import p2p.node.host.Streams;
import p2p.node.pubsub.PubsubInbound;
import p2p.node.pubsub.PubsubProtocols;
import p2p.node.wire.VarintFrameDecoder;
import p2p.node.wire.VarintFrameEncoder;

/**
 * Runs pubsub over libp2p streams the way libp2p implementations do (pubsub README, "Stream management"): each side
 * opens one long-lived outbound stream to every peer and only writes to it, and reads the peer's RPCs from the
 * inbound stream the peer opened. Frames are varint-length-prefixed RPC protobufs, bounded by {@code maxFrameBytes}.
 *
 * <p>The host wires it in three places: {@link #inboundStream} as the stream handler of every id in
 * {@link PubsubProtocols#ALL}, {@link #openOutbound} when a peer connects, {@link #peerGone} when it disconnects.
 * Thread-safe: streams live on many event loops; the maps below are concurrent.
 */
public final class PubsubStreams {
    /** Opens a stream to a peer and agrees on one protocol id (the host's {@code newStream}). */
    @FunctionalInterface
    public interface StreamOpener {
        CompletableFuture<Channel> open(PeerId peer, String protocolId);
    }

    private final PubsubInbound router;
    private final int maxFrameBytes;
    private final Consumer<PeerId> outboundLost;
    /** Peer -> inbound streams it opened to us. */
    private final ConcurrentMap<PeerId, Set<Channel>> inbound = new ConcurrentHashMap<>();
    /** Peer -> our current outbound stream. */
    private final ConcurrentMap<PeerId, ChannelPeerLink> outbound = new ConcurrentHashMap<>();

    public PubsubStreams(PubsubInbound router, int maxFrameBytes) {
        this(router, maxFrameBytes, peer -> { });
    }

    /**
     * @param outboundLost told when a peer's current outbound stream closed by itself (not replaced, not through
     *                     {@link #peerGone}): the host may reopen it while the peer is still connected
     */
    public PubsubStreams(PubsubInbound router, int maxFrameBytes, Consumer<PeerId> outboundLost) {
        this.router = router;
        this.maxFrameBytes = maxFrameBytes;
        this.outboundLost = outboundLost;
    }

    /** Reads RPCs from a stream {@code peer} opened to us. Call it from the host's stream handler. */
    public void inboundStream(Channel stream, PeerId peer) {
        stream.pipeline().addLast(new VarintFrameDecoder(maxFrameBytes), new PubsubFrameHandler(peer, router));
        Set<Channel> streams = inbound.computeIfAbsent(peer, p -> ConcurrentHashMap.newKeySet());
        streams.add(stream);
        stream.closeFuture().addListener(f -> streams.remove(stream));
    }

    /**
     * Makes {@code stream}, our outbound stream agreed on {@code protocolId}, the link the router sends to
     * {@code peer} through; a previous outbound stream to the peer is closed. When the stream closes by itself, the
     * router forgets the peer, or, while the peer's inbound stream is still open, only this link.
     */
    public void outboundStream(Channel stream, PeerId peer, String protocolId) {
        stream.pipeline().addLast(VarintFrameEncoder.INSTANCE, new OutboundStreamHandler(peer));
        ChannelPeerLink link = new ChannelPeerLink(peer, protocolId, stream, () -> closeInbound(peer));
        ChannelPeerLink previous = outbound.put(peer, link);
        if (previous != null) {
            previous.stream().close();
        }
        stream.closeFuture().addListener(f -> {
            if (outbound.remove(peer, link)) {
                if (hasOpenInbound(peer)) {
                    router.outboundLost(link);
                } else {
                    router.peerDisconnected(peer);
                }
                outboundLost.accept(peer);
            }
        });
        router.peerConnected(link);
    }

    /**
     * Opens our outbound stream to a newly connected peer, offering the protocols of {@link PubsubProtocols#ALL}
     * one after the other until the peer accepts one; completes with the agreed protocol id.
     */
    public CompletableFuture<String> openOutbound(PeerId peer, StreamOpener opener) {
        return tryOpen(peer, opener, PubsubProtocols.ALL, 0);
    }

    private CompletableFuture<String> tryOpen(PeerId peer, StreamOpener opener, List<String> protocols, int index) {
        String protocolId = protocols.get(index);
        return opener.open(peer, protocolId)
                .thenApply(stream -> {
                    outboundStream(stream, peer, protocolId);
                    return protocolId;
                })
                .exceptionallyCompose(failure -> index + 1 < protocols.size()
                        ? tryOpen(peer, opener, protocols, index + 1)
                        : CompletableFuture.failedFuture(failure));
    }

    /** The peer disconnected: the router forgets it; its streams close with the connection. */
    public void peerGone(PeerId peer) {
        ChannelPeerLink link = outbound.remove(peer);
        if (link != null) {
            link.stream().close();
        }
        closeInbound(peer);
        router.peerDisconnected(peer);
    }

    /** Closes every pubsub stream (shutdown). */
    public void closeAll() {
        for (PeerId peer : List.copyOf(outbound.keySet())) {
            peerGone(peer);
        }
        for (PeerId peer : List.copyOf(inbound.keySet())) {
            closeInbound(peer);
        }
    }

    private boolean hasOpenInbound(PeerId peer) {
        Set<Channel> streams = inbound.get(peer);
        return streams != null && streams.stream().anyMatch(Channel::isOpen);
    }

    /** Resets the peer's inbound streams: the router's verdict on a peer it dropped for a protocol violation. */
    public void resetInbound(PeerId peer) {
        Set<Channel> streams = inbound.remove(peer);
        if (streams != null) {
            streams.forEach(Streams::reset);
        }
    }

    private void closeInbound(PeerId peer) {
        Set<Channel> streams = inbound.remove(peer);
        if (streams != null) {
            streams.forEach(Channel::close);
        }
    }
}
