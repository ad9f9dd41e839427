package p2p.node.pubsub;

/**
 * Why pubsub reports a peer to the ban manager. {@link #banReason()} is the reason name the ban manager scores
 * (teranode-p2p.md section 5: {@code protocol_violation} 20 points, {@code spam} 50 points).
 */
public enum PenaltyReason {
    /** Malformed frames or protobuf, oversized RPCs, messages that fail StrictSign. */
    PROTOCOL_VIOLATION("protocol_violation"),
    /** Well-formed but abusive traffic: GRAFT during backoff, IHAVE/IWANT floods. */
    SPAM("spam");

    private final String banReason;

    PenaltyReason(String banReason) {
        this.banReason = banReason;
    }

    /** The reason name understood by the ban manager. */
    public String banReason() {
        return banReason;
    }
}
