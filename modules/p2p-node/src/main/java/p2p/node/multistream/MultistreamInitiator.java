package p2p.node.multistream;

import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * The dialling side: proposes each protocol in order until the responder echoes one. The header and the first
 * proposal leave in one packet, as the spec recommends; a later proposal is sent only after a {@code na}.
 */
final class MultistreamInitiator extends MultistreamNegotiator {
    private final List<String> protocols;
    private int current;

    MultistreamInitiator(List<String> protocols) {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no protocol to propose");
        }
        for (String p : protocols) {
            // Validated early, on the caller's thread: a bad id is a local bug, not the peer's.
            if (p.isEmpty() || p.indexOf('\n') >= 0 || MultistreamCodec.encodedSize(p) > MultistreamCodec.MAX_MESSAGE_BYTES
                    || p.equals(MultistreamCodec.NA) || p.equals(MultistreamCodec.PROTOCOL_ID)) {
                throw new IllegalArgumentException("not a protocol id that can be proposed: \"" + p + "\"");
            }
        }
        this.protocols = List.copyOf(protocols);
    }

    @Override
    void onStart(ChannelHandlerContext ctx) {
        write(ctx, MultistreamCodec.PROTOCOL_ID, protocols.get(0));
        ctx.flush();
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, String message) {
        String proposed = protocols.get(current);
        if (message.equals(proposed)) {
            succeed(ctx, proposed);
        } else if (message.equals(MultistreamCodec.NA)) {
            current++;
            if (current == protocols.size()) {
                throw new NoCommonProtocolException(protocols);
            }
            write(ctx, protocols.get(current));
            ctx.flush();
        } else {
            throw new MultistreamException("peer answered \"" + message + "\" to the proposal \"" + proposed + "\"");
        }
    }
}
