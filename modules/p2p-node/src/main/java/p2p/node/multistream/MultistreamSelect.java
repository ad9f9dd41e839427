package p2p.node.multistream;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * multistream-select 1.0 ({@code /multistream/1.0.0}, github.com/multiformats/multistream-select and libp2p/specs
 * connections/README.md): agrees on the protocol of a connection (security, muxer) or of a yamux stream. Both
 * methods add a temporary handler at the tail of {@code channel}'s pipeline and return the agreed protocol.
 *
 * <p>Contract for callers:
 * <ul>
 *   <li>Call before the peer's first bytes can reach the tail of the pipeline (from the channel initializer, or on
 *       the event loop in the completion of the previous layer): bytes that arrive with no handler are lost.</li>
 *   <li>Add the next layer's handlers in a dependent of the returned future that runs on the event loop
 *       ({@code thenAccept}, not an async variant). The future completes on the event loop before the negotiator
 *       removes itself, and the bytes that followed the negotiation are then passed to the handlers added.</li>
 *   <li>Timeouts are the caller's: {@code future.orTimeout(...)}, then close the channel.</li>
 * </ul>
 * On failure (protocol violation, {@link NoCommonProtocolException}, channel closed) the future fails with a
 * {@link MultistreamException} and the channel is closed.
 */
public final class MultistreamSelect {
    private MultistreamSelect() {
    }

    /**
     * Negotiates as the initiator, proposing {@code protocols} in order of preference.
     *
     * @throws IllegalArgumentException when the list is empty or holds an id that cannot be sent
     */
    public static CompletableFuture<String> initiate(Channel channel, List<String> protocols) {
        MultistreamInitiator handler = new MultistreamInitiator(protocols);
        channel.pipeline().addLast(handler);
        return handler.result();
    }

    /**
     * Negotiates as the responder, accepting the first proposal found in {@code protocols}.
     *
     * @throws IllegalArgumentException when the set is empty
     */
    public static CompletableFuture<String> respond(Channel channel, Set<String> protocols) {
        MultistreamResponder handler = new MultistreamResponder(protocols);
        channel.pipeline().addLast(handler);
        return handler.result();
    }
}
