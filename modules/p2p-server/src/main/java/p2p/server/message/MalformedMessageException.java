package p2p.server.message;

/**
 * A gossip payload that is not the JSON message its topic carries: not UTF-8, not one flat JSON object, a field
 * missing, unknown or of the wrong type, a hash that is not 64 hex digits, a number out of its range. The handler
 * drops the message and scores the peer that delivered it ({@code protocol_violation}).
 */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
