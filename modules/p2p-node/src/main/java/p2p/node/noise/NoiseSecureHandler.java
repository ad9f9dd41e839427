package p2p.node.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CoalescingBufferQueue;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Noise layer of one connection, after {@link NoiseFrameDecoder}. First it runs the handshake (sending the
 * first message at once when it is the initiator); then it decrypts each inbound message and passes the plaintext
 * on, and encrypts outbound {@link ByteBuf}s. Writes are queued and encrypted at the flush, the bytes of all of them
 * cut into messages of {@value #MAX_PLAINTEXT} bytes (the last one shorter): a layer above that writes many frames
 * and flushes once (yamux: a 12-byte header and a 64 KiB payload per frame) gets full messages, not one message per
 * frame plus a tiny one for the 65536th byte, and each message costs a cipher setup and a Poly1305 finalisation.
 * Each write's promise completes with the message holding its last byte. Writes made during the handshake are held
 * and sent once it completes. Any failure (handshake, authentication,
 * decryption, nonce exhaustion, early close) fails the session future and closes the connection; no exception
 * travels further down the pipeline. State is owned by the channel's event loop.
 */
final class NoiseSecureHandler extends ChannelDuplexHandler {
    /** 65535-byte Noise message minus the 16-byte tag. */
    static final int MAX_PLAINTEXT = NoiseFrameDecoder.MAX_MESSAGE - NoiseCipherState.TAG_LENGTH;
    private static final Logger LOG = Logger.getLogger(NoiseSecureHandler.class.getName());
    private static final byte[] NO_AD = new byte[0];

    private enum State { HANDSHAKE, ESTABLISHED, FAILED }

    private final boolean initiator;
    private final NoiseHandshake handshake;
    private final CompletableFuture<SecureSession> result;
    /** Plaintext written and not yet encrypted: held through the handshake, then until the next flush. */
    private CoalescingBufferQueue pending;
    private State state = State.HANDSHAKE;
    private boolean started;
    private NoiseCipherState sender;
    private NoiseCipherState receiver;

    NoiseSecureHandler(boolean initiator, NoiseHandshake handshake, CompletableFuture<SecureSession> result) {
        this.initiator = initiator;
        this.handshake = handshake;
        this.result = result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        pending = new CoalescingBufferQueue(ctx.channel());
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started || !initiator) {
            return;
        }
        started = true;
        try {
            sendHandshake(ctx, handshake.start());
        } catch (RuntimeException e) {
            fail(ctx, e);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ReferenceCountUtil.release(msg);
            fail(ctx, new IllegalStateException("Noise layer received a " + msg.getClass().getName()));
            return;
        }
        try {
            switch (state) {
                case HANDSHAKE -> onHandshakeMessage(ctx, ByteBufUtil.getBytes(frame));
                case ESTABLISHED -> {
                    ByteBuf plain = decrypt(ctx, frame);
                    if (plain.isReadable()) {
                        ctx.fireChannelRead(plain);
                    } else {
                        plain.release(); // an empty message is legal; the next layer has nothing to read
                    }
                }
                case FAILED -> { } // the connection is closing; drop what is still buffered
            }
        } catch (RuntimeException e) {
            fail(ctx, e);
        } finally {
            frame.release();
        }
    }

    private void onHandshakeMessage(ChannelHandlerContext ctx, byte[] message) {
        handshake.receive(message).ifPresent(reply -> sendHandshake(ctx, reply));
        if (!handshake.isComplete()) {
            return;
        }
        NoiseCipherState[] ciphers = handshake.transportCiphers();
        sender = ciphers[0];
        receiver = ciphers[1];
        state = State.ESTABLISHED;
        flush(ctx);
        // Completed here, on the event loop inside this read: a continuation registered without *Async runs now,
        // so it can add the next layer before the decoder passes on messages that came in the same read.
        result.complete(handshake.session());
    }

    private void sendHandshake(ChannelHandlerContext ctx, byte[] message) {
        ByteBuf out = ctx.alloc().buffer(NoiseFrameDecoder.LENGTH_BYTES + message.length);
        out.writeShort(message.length);
        out.writeBytes(message);
        ctx.writeAndFlush(out).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, f.cause());
            }
        });
    }

    private ByteBuf decrypt(ChannelHandlerContext ctx, ByteBuf frame) {
        int length = frame.readableBytes();
        if (length < NoiseCipherState.TAG_LENGTH) {
            throw new NoiseHandshakeException("Noise transport message of " + length + " bytes is shorter than its tag");
        }
        int plainLength = length - NoiseCipherState.TAG_LENGTH;
        ByteBuf plain = ctx.alloc().buffer(plainLength);
        try {
            ByteBuffer out = plain.nioBuffer(0, plainLength);
            receiver.decrypt(NO_AD, frame.nioBuffer(frame.readerIndex(), length), out);
            plain.writerIndex(plainLength);
            return plain;
        } catch (RuntimeException e) {
            plain.release();
            throw e;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("Noise layer writes ByteBufs only, not "
                    + msg.getClass().getName()));
            return;
        }
        switch (state) {
            case HANDSHAKE, ESTABLISHED -> {
                if (data.isReadable()) {
                    pending.add(data, promise);
                } else {
                    data.release();
                    promise.trySuccess(); // nothing to protect: spend no nonce on an empty message
                }
            }
            case FAILED -> {
                data.release();
                promise.setFailure(new ClosedChannelException());
            }
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (state == State.ESTABLISHED && !pending.isEmpty()) {
            try {
                encryptPending(ctx);
            } catch (RuntimeException e) {
                fail(ctx, e);
                return;
            }
        }
        ctx.flush();
    }

    /** Encrypts everything queued into messages of at most {@value #MAX_PLAINTEXT} bytes and writes them. */
    private void encryptPending(ChannelHandlerContext ctx) {
        while (!pending.isEmpty()) {
            ChannelPromise promise = ctx.newPromise();
            ByteBuf plain = pending.remove(ctx.alloc(), MAX_PLAINTEXT, promise);
            ByteBuf message;
            try {
                message = encryptMessage(ctx, plain);
            } catch (RuntimeException e) {
                promise.tryFailure(e);
                throw e;
            } finally {
                plain.release();
            }
            ctx.write(message, promise);
        }
    }

    /** One framed Noise message holding the readable bytes of {@code plain} (which may be a composite). */
    private ByteBuf encryptMessage(ChannelHandlerContext ctx, ByteBuf plain) {
        int length = plain.readableBytes();
        int cipherLength = length + NoiseCipherState.TAG_LENGTH;
        ByteBuf out = ctx.alloc().buffer(NoiseFrameDecoder.LENGTH_BYTES + cipherLength);
        try {
            out.writeShort(cipherLength);
            ByteBuffer target = out.nioBuffer(out.writerIndex(), cipherLength);
            if (plain.nioBufferCount() == 1) {
                sender.encrypt(NO_AD, plain.nioBuffer(), target);
            } else {
                sender.encrypt(NO_AD, plain.nioBuffers(), target);
            }
            out.writerIndex(out.writerIndex() + cipherLength);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.HANDSHAKE) {
            fail(ctx, new NoiseHandshakeException("connection closed during the Noise handshake"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        failPending(new ClosedChannelException());
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.FAILED) {
            return;
        }
        State was = state;
        state = State.FAILED;
        Throwable error = cause instanceof NoiseHandshakeException ? cause
                : new NoiseHandshakeException("Noise " + (was == State.HANDSHAKE ? "handshake" : "session")
                        + " failed: " + cause, cause);
        LOG.log(Level.FINE, "closing {0}: {1}", new Object[] {ctx.channel().remoteAddress(), error.getMessage()});
        failPending(error);
        result.completeExceptionally(error);
        ctx.close();
    }

    private void failPending(Throwable cause) {
        if (pending != null) {
            pending.releaseAndFailAll(cause);
        }
    }
}
