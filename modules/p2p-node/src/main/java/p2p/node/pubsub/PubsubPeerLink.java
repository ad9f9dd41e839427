package p2p.node.pubsub;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import p2p.node.crypto.PeerId;

/**
 * The router's handle on one connected peer: the sending half of the pubsub streams with it. Implemented by the
 * Netty adapter (one long-lived outbound stream per peer, as libp2p does) and by in-memory links in tests.
 * Methods are called on the router's loop thread and must never block.
 */
public interface PubsubPeerLink {
    /** The remote peer. */
    PeerId peer();

    /** The negotiated protocol id, one of {@link PubsubProtocols#ALL}. */
    String protocolId();

    /**
     * Queues one RPC (protobuf bytes, without length prefix) for writing.
     *
     * @return completes once the frame is handed to the transport (fails when the stream closed first): own
     *     publishes wait for it, so a publisher that awaits them is paced by the network instead of overflowing
     *     the bounded queue
     */
    CompletableFuture<Void> send(byte[] rpc);

    /**
     * {@link #send} for an RPC that carries one published message, remembered by id so that an IDONTWANT arriving
     * before the frame is written can take it back with {@link #cancel}.
     */
    default CompletableFuture<Void> sendMessage(byte[] rpc, ByteString messageId) {
        return send(rpc);
    }

    /**
     * Takes back the not yet written frame of {@link #sendMessage} for {@code messageId}, whose future then
     * completes as if written (the peer has the message).
     *
     * @return whether a frame was taken back
     */
    default boolean cancel(ByteString messageId) {
        return false;
    }

    /** Frames handed to {@link #send} that are not yet written out; the router bounds this. */
    int pendingFrames();

    /** Closes every pubsub stream with the peer (after a protocol violation). */
    void close(String reason);
}
