package p2p.node.pnet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.security.SecureRandom;
import java.util.Arrays;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.Psk;

/**
 * The private-network layer (libp2p/specs pnet/Private-Networks-PSK-V1.md), first handler after the socket: each
 * side sends a random 24-byte nonce, then everything it writes is XORed with XSalsa20(PSK, own nonce); what it
 * reads after the peer's 24-byte nonce is XORed with XSalsa20(PSK, peer's nonce).
 *
 * <p>The layer has no handshake and no integrity: with a different key the peer's bytes decrypt to noise, and it
 * is the first layer above (multistream-select's header check) that fails and closes the connection. Authenticity
 * is Noise's job.
 *
 * <p>The nonce is written (not flushed) when the channel becomes active, so it leaves in the same packet as the
 * first data. A peer that sends back our own nonce (a reflected connection) is dropped.
 */
public final class PnetHandler extends ChannelDuplexHandler {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Psk psk;
    private final byte[] localNonce = new byte[XSalsa20Stream.NONCE_BYTES];
    private final byte[] remoteNonce = new byte[XSalsa20Stream.NONCE_BYTES];
    private int remoteNonceBytes;
    private XSalsa20Stream outbound;
    private XSalsa20Stream inbound;

    public PnetHandler(Psk psk) {
        this.psk = psk;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            sendNonce(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sendNonce(ctx);
        ctx.fireChannelActive();
    }

    private void sendNonce(ChannelHandlerContext ctx) {
        if (outbound != null) {
            return;
        }
        RANDOM.nextBytes(localNonce);
        outbound = new XSalsa20Stream(psk.key(), localNonce);
        // A failed nonce write means the connection is gone; the data writes behind it fail with their own promises.
        ctx.write(Unpooled.wrappedBuffer(localNonce.clone())).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf plain)) {
            ctx.write(msg, promise);
            return;
        }
        sendNonce(ctx);
        ByteBuf cipher;
        try {
            cipher = outbound.copyOf(ctx.alloc(), plain);
        } finally {
            plain.release();
        }
        ctx.write(cipher, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (inbound == null) {
            int take = Math.min(remoteNonce.length - remoteNonceBytes, data.readableBytes());
            data.readBytes(remoteNonce, remoteNonceBytes, take);
            remoteNonceBytes += take;
            if (remoteNonceBytes < remoteNonce.length) {
                data.release();
                return;
            }
            if (Arrays.equals(remoteNonce, localNonce)) {
                data.release();
                ctx.fireExceptionCaught(new ProtocolException("pnet: peer sent our own nonce back (reflected connection)"));
                ctx.close();
                return;
            }
            inbound = new XSalsa20Stream(psk.key(), remoteNonce);
        }
        if (!data.isReadable()) {
            data.release();
            return;
        }
        ctx.fireChannelRead(inbound.inPlace(ctx.alloc(), data));
    }
}
