package p2p.node.pubsub;

import java.time.Duration;

/**
 * Gossipsub parameters (gossipsub-v1.0.md "Parameters", gossipsub-v1.1.md "Overview of New Parameters").
 * {@link #defaults()} gives the spec's defaults, which Teranode uses unchanged.
 *
 * @param d                     desired mesh degree
 * @param dLo                   lower bound: below it the heartbeat grafts up to {@code d}
 * @param dHi                   upper bound: above it the heartbeat prunes down to {@code d}
 * @param dLazy                 minimum number of peers that receive IHAVE gossip per topic and heartbeat
 * @param gossipFactor          share of the eligible peers that receive gossip, when more than {@code dLazy}
 * @param heartbeatInterval     time between heartbeats
 * @param fanoutTtl             how long fanout state of a topic we publish to but do not join is kept
 * @param historyLength         heartbeats a message stays in the message cache (served to IWANT)
 * @param historyGossip         heartbeats a message is advertised in IHAVE
 * @param seenTtl               how long a message id is remembered for duplicate suppression
 * @param pruneBackoff          backoff after a PRUNE before the peer may be grafted again
 * @param unsubscribeBackoff    backoff announced in the PRUNEs sent when leaving a topic
 * @param gossipRetransmission  how many times one peer may get the same message through IWANT
 * @param maxIHaveMessages      IHAVE messages accepted from one peer per heartbeat
 * @param maxIHaveLength        message ids requested from one peer per heartbeat, and advertised per IHAVE
 * @param maxFrameBytes         largest RPC accepted or sent
 * @param maxOutboundQueue      frames waiting to be written to one peer; further frames are dropped and counted
 * @param floodPublish          whether own messages go to every subscribed peer rather than the mesh only
 * @param peerExchange          gossipsub v1.1 peer exchange: our PRUNEs offer other topic peers with their signed
 *                              records, and the peers offered in PRUNEs we receive are dialled (Teranode 2026 only;
 *                              the 2025 network had none)
 * @param prunePeers            peers offered in one PRUNE, and taken from one received PRUNE (go's
 *                              GossipSubPrunePeers, 16)
 * @param maxPxConnections      peer-exchange dials in flight at once; further offers are dropped and counted (go's
 *                              GossipSubMaxPendingConnections, 128: our dials are asynchronous, so go's 8 connector
 *                              goroutines have no counterpart and the pending bound is the one that matters)
 */
public record GossipConfig(
        int d,
        int dLo,
        int dHi,
        int dLazy,
        double gossipFactor,
        Duration heartbeatInterval,
        Duration fanoutTtl,
        int historyLength,
        int historyGossip,
        Duration seenTtl,
        Duration pruneBackoff,
        Duration unsubscribeBackoff,
        int gossipRetransmission,
        int maxIHaveMessages,
        int maxIHaveLength,
        int maxFrameBytes,
        int maxOutboundQueue,
        boolean floodPublish,
        boolean peerExchange,
        int prunePeers,
        int maxPxConnections) {
    /** go-libp2p-pubsub's GossipSubPrunePeers. */
    public static final int DEFAULT_PRUNE_PEERS = 16;
    /** go-libp2p-pubsub's GossipSubMaxPendingConnections. */
    public static final int DEFAULT_MAX_PX_CONNECTIONS = 128;

    public GossipConfig {
        positive("d", d);
        positive("dLo", dLo);
        positive("dLazy", dLazy);
        if (!(dLo <= d && d <= dHi)) {
            throw new IllegalArgumentException("gossipsub degrees must satisfy dLo <= d <= dHi, got dLo=" + dLo
                    + " d=" + d + " dHi=" + dHi);
        }
        if (!(gossipFactor >= 0 && gossipFactor <= 1)) {
            throw new IllegalArgumentException("gossipFactor must be within [0, 1], got " + gossipFactor);
        }
        positive("heartbeatInterval", heartbeatInterval);
        positive("fanoutTtl", fanoutTtl);
        positive("seenTtl", seenTtl);
        positive("pruneBackoff", pruneBackoff);
        positive("unsubscribeBackoff", unsubscribeBackoff);
        positive("historyGossip", historyGossip);
        if (historyLength < historyGossip) {
            throw new IllegalArgumentException("historyLength (" + historyLength
                    + ") must be at least historyGossip (" + historyGossip + ")");
        }
        positive("gossipRetransmission", gossipRetransmission);
        positive("maxIHaveMessages", maxIHaveMessages);
        positive("maxIHaveLength", maxIHaveLength);
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, got " + maxFrameBytes);
        }
        positive("maxOutboundQueue", maxOutboundQueue);
        positive("prunePeers", prunePeers);
        positive("maxPxConnections", maxPxConnections);
    }

    /** The parameters without peer exchange (the 2025 profile and the spec's gossipsub v1.0/v1.1 core). */
    public GossipConfig(int d, int dLo, int dHi, int dLazy, double gossipFactor, Duration heartbeatInterval,
            Duration fanoutTtl, int historyLength, int historyGossip, Duration seenTtl, Duration pruneBackoff,
            Duration unsubscribeBackoff, int gossipRetransmission, int maxIHaveMessages, int maxIHaveLength,
            int maxFrameBytes, int maxOutboundQueue, boolean floodPublish) {
        this(d, dLo, dHi, dLazy, gossipFactor, heartbeatInterval, fanoutTtl, historyLength, historyGossip, seenTtl,
                pruneBackoff, unsubscribeBackoff, gossipRetransmission, maxIHaveMessages, maxIHaveLength,
                maxFrameBytes, maxOutboundQueue, floodPublish, false, DEFAULT_PRUNE_PEERS,
                DEFAULT_MAX_PX_CONNECTIONS);
    }

    /** The spec defaults: D=6, D_lo=5, D_hi=12, D_lazy=6, 1 s heartbeat, 60 s fanout, mcache 5/3, 2 min seen. */
    public static GossipConfig defaults() {
        return new GossipConfig(6, 5, 12, 6, 0.25, Duration.ofSeconds(1), Duration.ofSeconds(60), 5, 3,
                Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(10), 3, 10, 5000,
                RpcCodec.DEFAULT_MAX_FRAME_BYTES, 256, true);
    }

    /** A copy with another outbound queue bound. */
    public GossipConfig withMaxOutboundQueue(int frames) {
        return new GossipConfig(d, dLo, dHi, dLazy, gossipFactor, heartbeatInterval, fanoutTtl, historyLength,
                historyGossip, seenTtl, pruneBackoff, unsubscribeBackoff, gossipRetransmission, maxIHaveMessages,
                maxIHaveLength, maxFrameBytes, frames, floodPublish, peerExchange, prunePeers, maxPxConnections);
    }

    /** A copy with flood publishing switched on or off. */
    public GossipConfig withFloodPublish(boolean flood) {
        return new GossipConfig(d, dLo, dHi, dLazy, gossipFactor, heartbeatInterval, fanoutTtl, historyLength,
                historyGossip, seenTtl, pruneBackoff, unsubscribeBackoff, gossipRetransmission, maxIHaveMessages,
                maxIHaveLength, maxFrameBytes, maxOutboundQueue, flood, peerExchange, prunePeers, maxPxConnections);
    }

    /** A copy with peer exchange switched on or off (on: Teranode 2026, whose bus sets WithPeerExchange(true)). */
    public GossipConfig withPeerExchange(boolean on) {
        return new GossipConfig(d, dLo, dHi, dLazy, gossipFactor, heartbeatInterval, fanoutTtl, historyLength,
                historyGossip, seenTtl, pruneBackoff, unsubscribeBackoff, gossipRetransmission, maxIHaveMessages,
                maxIHaveLength, maxFrameBytes, maxOutboundQueue, floodPublish, on, prunePeers, maxPxConnections);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
