package p2p.node.multistream;

import java.util.List;

/**
 * The negotiation was well-formed but the two sides share no protocol: every proposal of the initiator was
 * answered {@code na}. Kept apart from {@link MultistreamException}'s other causes because it is not misbehaviour.
 */
public final class NoCommonProtocolException extends MultistreamException {
    private final List<String> proposed;

    public NoCommonProtocolException(List<String> proposed) {
        super("peer supports none of the proposed protocols " + proposed);
        this.proposed = List.copyOf(proposed);
    }

    /** The protocols the initiator proposed, in order. */
    public List<String> proposed() {
        return proposed;
    }
}
