package p2p.node.relay;

/** The stream protocol ids of circuit relay v2 (libp2p/specs relay/circuit-v2.md). */
public final class RelayProtocols {
    /** Spoken to a relay: RESERVE and CONNECT. */
    public static final String HOP = "/libp2p/circuit/relay/0.2.0/hop";
    /** Spoken by a relay to a peer with a reservation: CONNECT of a relayed connection. */
    public static final String STOP = "/libp2p/circuit/relay/0.2.0/stop";

    private RelayProtocols() {
    }
}
