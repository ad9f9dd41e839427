package p2p.server.message;

/**
 * A gossip payload Go's {@code json.Unmarshal} would refuse for its topic's struct (spec section 3.2): a syntax
 * error, a top-level value that is no object, a field value of the wrong JSON type, a number out of its field's
 * range. Also used for a hash string Go's {@code chainhash} would refuse. Teranode logs and drops such a message;
 * this node also scores a payload that does not decode against its signed author, never a relaying peer.
 */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
