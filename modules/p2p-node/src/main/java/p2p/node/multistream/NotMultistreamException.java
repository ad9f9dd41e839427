package p2p.node.multistream;

/**
 * The peer's first bytes are not a multistream-select header. On a private network this is what a peer with another
 * pre-shared key looks like (its bytes decrypt to noise), so the connection upgrader names the key for it.
 */
public final class NotMultistreamException extends MultistreamException {
    public NotMultistreamException(String message) {
        super(message);
    }
}
