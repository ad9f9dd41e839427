package p2p.node.pubsub;

import p2p.node.crypto.PeerId;

/**
 * What transports tell the router. Callable from any thread: the router moves each event onto its loop.
 */
public interface PubsubInbound {
    /** The outbound pubsub stream to a peer is open: the router may now send to it. */
    void peerConnected(PubsubPeerLink link);

    /** The peer is gone (connection closed or its pubsub streams ended). */
    void peerDisconnected(PeerId peer);

    /**
     * Our outbound stream {@code link} closed while the peer still talks to us on an inbound stream (typically: it
     * lived on a duplicate connection that was closed). The router stops sending through it but keeps what the
     * peer told us, its subscriptions above all: the peer has no reason to say them again, since its own outbound
     * stream is unchanged. A new outbound stream arrives as {@link #peerConnected}.
     */
    void outboundLost(PubsubPeerLink link);

    /** One RPC frame payload (length prefix removed) arrived from {@code peer}. */
    void frameReceived(PeerId peer, byte[] payload);

    /**
     * The transport found the peer's byte stream malformed (bad varint, oversized frame): the router drops the
     * peer and reports a protocol violation.
     */
    void protocolViolation(PeerId peer, String detail);
}
