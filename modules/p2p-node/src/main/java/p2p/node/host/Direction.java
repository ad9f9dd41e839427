package p2p.node.host;

/** Which side opened a connection: we dialled it (outbound) or we accepted it (inbound). */
public enum Direction {
    INBOUND,
    OUTBOUND;

    /** The libp2p role in the security and muxer handshakes: the dialler is the initiator. */
    public boolean isInitiator() {
        return this == OUTBOUND;
    }
}
