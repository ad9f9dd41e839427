package p2p.server.gen2026;

/**
 * A received 2026 message that breaks a rule of spec teranode-2026 1.5 (size cap, author check, URL rule, field
 * bound). Teranode scores such a message {@code protocol_violation} against its author; so does this node.
 */
public final class GossipViolation extends Exception {
    private static final long serialVersionUID = 1L;

    public GossipViolation(String message) {
        super(message);
    }
}
