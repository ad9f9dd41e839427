package p2p.node.peeraddr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Logger;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.PeerRecord;
import p2p.node.host.Streams;
import p2p.node.multiaddr.Multiaddr;

/**
 * Both stream sides of {@code /p2p-msg-bus/peer-addr-request/1.0.0} (spec teranode-2026.md 1.2). The asker writes the
 * target's peer id and reads the answer to end of stream; the responder reads the id (it does not wait for the asker
 * to half-close: go-p2p-message-bus does one read and answers), writes the JSON array and closes.
 */
public final class PeerAddrProtocol {
    public static final String PROTOCOL_ID = "/p2p-msg-bus/peer-addr-request/1.0.0";
    private static final Logger LOG = Logger.getLogger(PeerAddrProtocol.class.getName());

    private PeerAddrProtocol() {
    }

    /**
     * Serves the protocol on {@code node}: the answer for a target is {@code addresses.apply(target)} (empty when we
     * do not know the peer). A malformed request closes the stream unanswered and is logged with the asker.
     */
    public static void serve(P2PNode node, Function<PeerId, List<Multiaddr>> addresses) {
        node.setStreamHandler(PROTOCOL_ID, (stream, remote) -> respond(stream, remote, addresses));
    }

    /** Serves the protocol with {@link #knownAddresses}. */
    public static void serve(P2PNode node) {
        serve(node, target -> knownAddresses(node, target));
    }

    /**
     * What this node knows of {@code target}'s addresses: our own advertised ones when asked about us; else the
     * addresses of its verified signed peer record, or failing that those its identify listed, while it is connected.
     */
    public static List<Multiaddr> knownAddresses(P2PNode node, PeerId target) {
        if (target.equals(node.peerId())) {
            return node.advertisedAddresses();
        }
        return node.peerRecord(target).map(PeerRecord::addresses)
                .or(() -> node.peer(target).map(PeerInfo::listenAddrs))
                .orElse(List.of());
    }

    /** Installs the responder on a negotiated stream. */
    public static void respond(Channel stream, PeerId remote, Function<PeerId, List<Multiaddr>> addresses) {
        stream.pipeline().addLast("peer-addr-responder", new Collector(PeerAddrCodec.MAX_REQUEST_BYTES) {
            @Override
            boolean onBytes(ChannelHandlerContext ctx, byte[] soFar, boolean ended) {
                PeerId target;
                try {
                    target = PeerAddrCodec.decodeRequest(soFar);
                } catch (ProtocolException e) {
                    if (!ended) {
                        return false; // a peer id split over two frames: wait for the rest
                    }
                    LOG.fine(() -> "peer-addr-request from " + remote + " dropped: " + e.getMessage());
                    reset(ctx);
                    return true;
                }
                byte[] answer = PeerAddrCodec.encodeResponse(addresses.apply(target));
                ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
                return true;
            }

            @Override
            void onError(ChannelHandlerContext ctx, Throwable cause) {
                LOG.fine(() -> "peer-addr-request from " + remote + " dropped: " + cause.getMessage());
                reset(ctx);
            }
        });
    }

    /**
     * Asks {@code via} (a connected peer) for the direct addresses of {@code target}. Fails with the stream's error,
     * or {@link ProtocolException} when the answer is not a JSON array of strings or exceeds 4096 bytes.
     */
    public static CompletableFuture<List<Multiaddr>> request(P2PNode node, PeerId via, PeerId target) {
        CompletableFuture<List<Multiaddr>> result = new CompletableFuture<>();
        node.newStream(via, PROTOCOL_ID, stream -> ask(stream, target, result)).whenComplete((s, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Installs the asker on a negotiated stream and writes the request. */
    public static void ask(Channel stream, PeerId target, CompletableFuture<List<Multiaddr>> result) {
        stream.pipeline().addLast("peer-addr-requester", new Collector(PeerAddrCodec.MAX_RESPONSE_BYTES) {
            @Override
            boolean onBytes(ChannelHandlerContext ctx, byte[] soFar, boolean ended) {
                if (!ended) {
                    return false;
                }
                try {
                    result.complete(PeerAddrCodec.decodeResponse(soFar));
                } catch (ProtocolException e) {
                    result.completeExceptionally(e);
                }
                ctx.close();
                return true;
            }

            @Override
            void onError(ChannelHandlerContext ctx, Throwable cause) {
                result.completeExceptionally(cause);
                ctx.close();
            }
        });
        stream.writeAndFlush(Unpooled.wrappedBuffer(PeerAddrCodec.encodeRequest(target))).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                stream.close();
            }
        });
    }

    /** A broken request aborts the stream (RST) so the asker learns at once; the connection goes on. */
    private static void reset(ChannelHandlerContext ctx) {
        Streams.reset(ctx.channel());
    }

    /**
     * Gathers a stream's bytes up to a cap and offers them to {@link #onBytes} after each read and at end of stream;
     * more than the cap is an error, so a peer cannot make us buffer without bound.
     */
    private abstract static class Collector extends ChannelInboundHandlerAdapter {
        private final int cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean done;

        Collector(int cap) {
            this.cap = cap;
        }

        /** Returns true when the exchange is over. */
        abstract boolean onBytes(ChannelHandlerContext ctx, byte[] soFar, boolean ended);

        abstract void onError(ChannelHandlerContext ctx, Throwable cause);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (done) {
                    return;
                }
                if (bytes.size() + buf.readableBytes() > cap) {
                    done = true;
                    onError(ctx, new ProtocolException("peer-addr-request stream sent more than " + cap + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                bytes.writeBytes(chunk);
                done = onBytes(ctx, bytes.toByteArray(), false);
            } finally {
                buf.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && !done) {
                done = true;
                onBytes(ctx, bytes.toByteArray(), true);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done) {
                done = true;
                onBytes(ctx, bytes.toByteArray(), true);
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!done) {
                done = true;
                onError(ctx, cause);
            } else {
                ctx.close();
            }
        }
    }
}
