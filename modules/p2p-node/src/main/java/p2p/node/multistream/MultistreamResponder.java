package p2p.node.multistream;

import io.netty.channel.ChannelHandlerContext;
import java.util.Set;

/**
 * The listening side: echoes the first proposal it supports and answers {@code na} to the others (including
 * {@code ls}, which is optional). Its header is written at once but flushed with the first answer when the
 * initiator pipelined its proposal, so the usual exchange is one packet each way.
 */
final class MultistreamResponder extends MultistreamNegotiator {
    /** A peer that proposes this many unsupported protocols in a row is not negotiating in good faith. */
    static final int MAX_REJECTED_PROPOSALS = 32;

    private final Set<String> supported;
    private int rejected;

    MultistreamResponder(Set<String> supported) {
        if (supported.isEmpty()) {
            throw new IllegalArgumentException("no protocol to offer");
        }
        this.supported = Set.copyOf(supported);
    }

    @Override
    void onStart(ChannelHandlerContext ctx) {
        write(ctx, MultistreamCodec.PROTOCOL_ID);
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, String message) {
        if (supported.contains(message)) {
            write(ctx, message);
            succeed(ctx, message);
            return;
        }
        if (++rejected > MAX_REJECTED_PROPOSALS) {
            throw new MultistreamException("peer proposed more than " + MAX_REJECTED_PROPOSALS + " unsupported protocols");
        }
        write(ctx, MultistreamCodec.NA);
    }
}
